// A piece's gallery as a carousel: one photo at a time, Previous/Next buttons, arrow keys
// while focus is in the gallery, and a polite announcement of "Photo 3 of 8". Progressive
// enhancement only: without this script every photo is in the page's flow. Every word it
// shows or announces is already in the page (so the Latin edition's transliteration and the
// translations apply); it adds no text of its own. Focus is never trapped: Tab leaves as usual.
;(() => {
  function carousel(gallery) {
    const list = gallery.querySelector("[data-gallery-list]")
    const items = Array.from(list.children)
    const controls = gallery.querySelector("[data-gallery-controls]")
    const status = gallery.querySelector("[data-gallery-status]")
    if (items.length < 2 || !controls || !status) return
    let current = 0

    function show(index, announce) {
      current = (index + items.length) % items.length // wraps: no button is ever disabled
      items.forEach((item, n) => {
        item.hidden = n !== current
      })
      if (announce) {
        const position = items[current].querySelector(".gallery__position")
        status.textContent = position ? position.textContent : ""
      }
    }

    gallery.classList.add("gallery--carousel")
    controls.hidden = false
    list.tabIndex = 0 // arrow keys work from the photo too
    gallery.querySelector("[data-gallery-previous]").addEventListener("click", () => {
      show(current - 1, true)
    })
    gallery.querySelector("[data-gallery-next]").addEventListener("click", () => {
      show(current + 1, true)
    })
    gallery.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return
      const moves = {
        ArrowLeft: current - 1,
        ArrowRight: current + 1,
        Home: 0,
        End: items.length - 1,
      }
      if (!(event.key in moves)) return
      event.preventDefault()
      show(moves[event.key], true)
    })
    // A link to one photo (#gallery-3) opens the carousel at it.
    function fromAddress() {
      const index = items.findIndex((item) => `#${item.id}` === window.location.hash)
      if (index >= 0) show(index, false)
      return index >= 0
    }
    window.addEventListener("hashchange", fromAddress)
    if (!fromAddress()) show(0, false)
  }

  document.querySelectorAll("[data-gallery]").forEach(carousel)
})()
