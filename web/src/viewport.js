// On a phone the on-screen keyboard shrinks the visual viewport, not the layout one: the
// full-screen panel follows window.visualViewport so the latest question stays above it.

/** Keeps `panel` sized to the visual viewport while it fills the screen; `onResize` after each change. */
export function followVisualViewport(win, panel, onResize) {
  const vv = win.visualViewport;
  if (!vv) return;
  const fullScreen = win.matchMedia("(max-width: 480px)");
  const update = () => {
    if (fullScreen.matches) {
      panel.style.setProperty("--tw-vh", `${vv.height}px`);
      panel.style.setProperty("--tw-vtop", `${vv.offsetTop}px`);
    } else {
      panel.style.removeProperty("--tw-vh");
      panel.style.removeProperty("--tw-vtop");
    }
    onResize();
  };
  vv.addEventListener("resize", update);
  vv.addEventListener("scroll", update);
  update();
}
