// Detail page: copy the share link.
(function () {
  const copy = document.getElementById("copy-share");
  if (!copy) return;
  copy.addEventListener("click", async () => {
    const input = document.getElementById(copy.dataset.target);
    try {
      await navigator.clipboard.writeText(input.value);
      copy.textContent = "Copied";
    } catch (err) {
      input.select();
      copy.textContent = "Press Ctrl+C to copy";
    }
  });
})();

// Compose page: pick an emotion on the valence/arousal plane, preview the music without saving.
(function () {
  const form = document.getElementById("compose-form");
  if (!form) return;
  const input = form.querySelector("[name=emotion]");
  const points = document.querySelectorAll(".va-point");
  function mark(name) {
    points.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.emotion === name)));
  }
  points.forEach((b) => b.addEventListener("click", () => {
    input.value = b.dataset.emotion;
    mark(b.dataset.emotion);
  }));
  input.addEventListener("input", () => mark(input.value.trim().toLowerCase()));
  const intensity = form.querySelector("[name=intensity]");
  const intensityOut = document.getElementById("intensity-out");
  if (intensity && intensityOut) {
    const show = () => { intensityOut.textContent = Number(intensity.value).toFixed(2); };
    intensity.addEventListener("input", show);
    show();
  }
  const player = document.getElementById("preview-player");
  const status = document.getElementById("preview-status");
  const button = document.getElementById("preview-button");
  let lastUrl = null;
  button.addEventListener("click", async () => {
    const data = new FormData(form);
    data.delete("csrfmiddlewaretoken");
    const params = new URLSearchParams();
    for (const [k, v] of data.entries()) if (v !== "") params.append(k, v);
    status.textContent = "Composing a preview…";
    button.disabled = true;
    try {
      const response = await fetch(form.dataset.previewUrl + "?" + params.toString(),
        { credentials: "same-origin" });
      if (!response.ok) {
        status.textContent = "Cannot preview: " + (await response.text());
        return;
      }
      const blob = await response.blob();
      if (lastUrl) URL.revokeObjectURL(lastUrl);
      lastUrl = URL.createObjectURL(blob);
      player.src = lastUrl;
      status.textContent = "Preview ready (not saved).";
      player.play().catch(() => {});
    } catch (err) {
      status.textContent = "Preview failed: " + err;
    } finally {
      button.disabled = false;
    }
  });
})();
