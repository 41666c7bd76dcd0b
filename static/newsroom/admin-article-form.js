// The article form: the headline stays one line, and the hero preview follows the photo
// chosen, also one just uploaded through "+" (Django's popup sets the select and triggers
// "change"; the thumbnail's address comes from the desk's photo endpoint).
;(() => {
  function keepHeadlineOnOneLine() {
    const headline = document.querySelector("textarea.headline-box")
    if (!headline) return
    headline.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault()
    })
  }

  function showPreview(preview, photoId, thumb, alt) {
    preview.replaceChildren()
    preview.dataset.photo = photoId || ""
    if (!thumb) {
      preview.textContent = "—"
      return
    }
    const img = document.createElement("img")
    img.src = thumb
    img.alt = alt || ""
    img.className = "photo-preview"
    preview.appendChild(img)
  }

  function followHeroPhoto() {
    const select = document.querySelector("select.photo-picker[data-thumb-url]")
    const preview = document.querySelector(".field-hero_preview .readonly")
    if (!select || !preview) return
    preview.dataset.photo = select.value
    const update = () => {
      const photoId = select.value
      if (photoId === preview.dataset.photo) return
      if (!photoId) {
        showPreview(preview, "", "", "")
        return
      }
      const url = select.dataset.thumbUrl.replace("__id__", encodeURIComponent(photoId))
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : null))
        .then((photo) => {
          if (photo && select.value === photoId) showPreview(preview, photoId, photo.thumb, photo.alt)
        })
    }
    // Django's popup triggers a jQuery event; jQuery's trigger does not dispatch a DOM one.
    django.jQuery(select).on("change", update)
  }

  document.addEventListener("DOMContentLoaded", () => {
    keepHeadlineOnOneLine()
    followHeroPhoto()
  })
})()
