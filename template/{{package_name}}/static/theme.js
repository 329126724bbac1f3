// Light or dark: the system setting, unless the theme toggle pinned one (remembered in
// localStorage). Loaded in <head> without defer, so the page never flashes the other theme.
(function () {
  var KEY = "theme";
  var root = document.documentElement;
  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function apply(theme) {
    if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
    else root.removeAttribute("data-theme");
  }
  function current() {
    var pinned = root.getAttribute("data-theme");
    if (pinned) return pinned;
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  apply(stored());
  // ReactPy renders the toggle button later: listen on the document, not on the button.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-theme-toggle]");
    if (!button) return;
    var next = current() === "dark" ? "light" : "dark";
    apply(next);
    try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: not remembered */ }
  });
})();
