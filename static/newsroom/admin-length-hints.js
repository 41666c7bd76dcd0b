// Live character counts under the headline and lead, with the range a good one has.
;(() => {
  function attach(field) {
    const hint = document.createElement("div")
    hint.className = "help length-hint"
    hint.setAttribute("aria-live", "polite")
    // Under the box, lined up with the help text (not squeezed beside the box).
    const row = field.closest(".flex-container") || field
    row.insertAdjacentElement("afterend", hint)
    const low = Number(field.dataset.lengthMin)
    const high = Number(field.dataset.lengthMax)
    const update = () => {
      const count = field.value.trim().length
      hint.textContent = field.dataset.lengthLabel.replace("{count}", count)
      hint.classList.toggle("length-hint--off", count > 0 && (count < low || count > high))
    }
    field.addEventListener("input", update)
    update()
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-length-max]").forEach(attach)
  })
})()
