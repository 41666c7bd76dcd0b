// Photo pickers (the hero photo, each gallery row): thumbnails in the search results and in
// the chosen value, and the row's preview follows the choice at once. Gallery rows added
// with "Add a photo to the gallery" get a picker too.
;(() => {
  const $ = django.jQuery

  function withThumb(item) {
    if (!item.id || !item.thumb) return item.text
    const row = $('<span class="photo-option"></span>')
    $("<img alt=''>").attr("src", item.thumb).appendTo(row)
    $("<span></span>").text(item.text).appendTo(row)
    return row
  }

  function previewOf(element) {
    const row = element.closest("tr.form-row")
    if (row) return row.querySelector(".field-preview p, td.field-preview")
    return document.querySelector(".field-hero_preview .readonly")
  }

  function picker(element) {
    if (element.name.includes("__prefix__")) return // the template of new gallery rows
    const select = $(element)
    if (select.data("select2")) select.select2("destroy")
    select.select2({
      ajax: {
        data: (params) => ({
          term: params.term,
          page: params.page,
          app_label: element.dataset.appLabel,
          model_name: element.dataset.modelName,
          field_name: element.dataset.fieldName,
        }),
      },
      templateResult: withThumb,
      templateSelection: withThumb,
    })
    select.on("select2:select", (event) => {
      const preview = previewOf(element)
      if (preview && event.params.data.thumb) {
        preview.replaceChildren()
        const img = document.createElement("img")
        img.src = event.params.data.thumb
        img.alt = ""
        img.className = "photo-preview"
        preview.appendChild(img)
      }
    })
  }

  $(() => {
    $("select.photo-picker").each((_, element) => picker(element))
  })
  document.addEventListener("formset:added", (event) => {
    event.target.querySelectorAll("select.photo-picker").forEach(picker)
  })
})()
