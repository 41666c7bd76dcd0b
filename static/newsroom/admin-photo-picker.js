// Hero photo picker: thumbnails in the search results and in the chosen value, and the
// "preview" field follows the choice at once.
;(() => {
  const $ = django.jQuery

  function withThumb(item) {
    if (!item.id || !item.thumb) return item.text
    const row = $('<span class="photo-option"></span>')
    $("<img alt=''>").attr("src", item.thumb).appendTo(row)
    $("<span></span>").text(item.text).appendTo(row)
    return row
  }

  $(() => {
    $("select.photo-picker").each((_, element) => {
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
        const preview = document.querySelector(".field-hero_preview .readonly")
        if (preview && event.params.data.thumb) {
          preview.replaceChildren()
          const img = document.createElement("img")
          img.src = event.params.data.thumb
          img.alt = ""
          img.className = "photo-preview"
          preview.appendChild(img)
        }
      })
    })
  })
})()
