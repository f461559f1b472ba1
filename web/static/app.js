// A little enhancement; every page works without it.
// 1. Autocomplete: fill the query box's <datalist> from /api/v1/suggest.
// Facets change only on "Filters toepassen" (no surprise reloads for keyboard users).
(function () {
  "use strict";
  var box = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (box && list && window.fetch) {
    var timer = null;
    var last = "";
    box.addEventListener("input", function () {
      var text = box.value.trim();
      if (timer) { clearTimeout(timer); }
      if (text.length < 2 || text === last) { return; }
      timer = setTimeout(function () {
        last = text;
        var url = box.getAttribute("data-suggest") + "?q=" + encodeURIComponent(text.slice(0, 200));
        fetch(url, { headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) {
            while (list.firstChild) { list.removeChild(list.firstChild); }
            (data.suggestions || []).forEach(function (s) {
              var option = document.createElement("option");
              option.value = s.text;  // textContent-safe: never parsed as HTML
              list.appendChild(option);
            });
          })
          .catch(function () { /* autocomplete is optional */ });
      }, 150);
    });
  }
})();

// 2. The profile fieldset: "mijn kost" as a sort order once a status is chosen; the company
// size only for employers (a hidden field is disabled, so it is not sent).
(function () {
  "use strict";
  var status = document.getElementById("status");
  var form = document.getElementById("search-form");
  if (!status || !form) { return; }
  var myCost = document.getElementById("sort-my-cost");
  var sizeField = document.getElementById("company-size-field");
  var size = document.getElementById("company_size");
  function update() {
    var chosen = status.value !== "";
    if (myCost) {
      var keep = chosen || myCost.selected;
      myCost.hidden = !keep;
      myCost.disabled = !keep;
    }
    if (sizeField && size) {
      var employer = status.value === "employer";
      sizeField.hidden = !employer;
      size.disabled = !employer;
    }
  }
  status.addEventListener("change", update);
  update();
})();
