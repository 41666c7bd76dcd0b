// Focal point picker: a click on the photo sets focal_x / focal_y (0–1) and moves the marker.
;(() => {
  document.addEventListener("DOMContentLoaded", () => {
    const picker = document.querySelector(".focal-picker")
    const x = document.getElementById("id_focal_x")
    const y = document.getElementById("id_focal_y")
    if (!picker || !x || !y) return
    picker.addEventListener("click", (event) => {
      const box = picker.querySelector("img").getBoundingClientRect()
      const fx = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width))
      const fy = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height))
      x.value = fx.toFixed(2)
      y.value = fy.toFixed(2)
      picker.style.setProperty("--x", `${fx * 100}%`)
      picker.style.setProperty("--y", `${fy * 100}%`)
    })
  })
})()
