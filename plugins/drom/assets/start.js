/* Start-up of every page, loaded by overrides/main.html right after Material's page configuration.

   1. Search costs nothing until the reader turns to it. Material requests its search index (small now: the
      worker loads the rest by the words searched, drom/site/search.py) with XMLHttpRequest as soon as it
      starts, and starts its search worker. The index
      request is held here, and Material talks to a stand-in worker that queues its messages, until the search
      field gets focus, the search is opened, or the page was opened with a query (?q=). Offline copies
      (file://) load a local index script and a worker shim instead, and are left alone.
   2. Material also downloads sitemap.xml beside every <link rel=alternate> at load, to map pages between
      languages. Our alternates already are the same page in each language (static-i18n), so those requests
      are ended before they are sent; the language links work as plain links.
   3. Each language has its own search index under its folder (drom/site/search.py): pages of another language
      than the default point Material's configuration there.
   4. Material's bundle starts after the first paint, not before it: loaded the usual way it runs while the
      page is still parsed and forces the first layout of the whole lesson. When it has loaded, it is sent the
      one DOMContentLoaded it listens for, which has passed by then. Our own scripts listen for
      DOMContentLoaded with {once: true}, so that second event never starts them twice.

   The values come from this script tag's data attributes: data-drom-bundle (the bundle's URL, empty when the
   theme loads it itself) and data-drom-locale (the page's language when it is not the default one). */
(function () {
  "use strict";

  var script = document.currentScript;
  var bundle = script ? script.getAttribute("data-drom-bundle") : "";
  var locale = script ? script.getAttribute("data-drom-locale") : "";

  /* 1 and 2: search on demand, no sitemap requests. */
  var held = [];
  var searching = false;

  function startSearch() {
    if (searching) return;
    searching = true;
    document.removeEventListener("focusin", onFocus);
    document.removeEventListener("change", onChange);
    document.removeEventListener("pointerover", onPointer);
    held.splice(0).forEach(function (run) { run(); });
  }

  var request = XMLHttpRequest.prototype;
  var open = request.open;
  var send = request.send;
  request.open = function (method, url) {
    this.dromLazy = /search\/search_index\.json(\?|$)/.test(String(url));
    this.dromSkip = /sitemap\.xml(\?|$)/.test(String(url));
    return open.apply(this, arguments);
  };
  request.send = function () {
    var xhr = this;
    var args = arguments;
    if (xhr.dromSkip) {
      xhr.dispatchEvent(new ProgressEvent("abort"));
      return undefined;
    }
    if (xhr.dromLazy && !searching) {
      held.push(function () { send.apply(xhr, args); });
      return undefined;
    }
    return send.apply(xhr, args);
  };

  var RealWorker = window.Worker;
  if (RealWorker && location.protocol !== "file:") {
    window.Worker = function (url, options) {
      var standIn = new EventTarget();
      var queue = [];
      var worker = null;
      function begin() {
        worker = new RealWorker(url, options);
        worker.addEventListener("message", function (event) {
          standIn.dispatchEvent(new MessageEvent("message", { data: event.data }));
        });
        queue.splice(0).forEach(function (message) { worker.postMessage(message); });
      }
      standIn.postMessage = function (message) {
        if (worker) worker.postMessage(message);
        else queue.push(message);
      };
      standIn.terminate = function () {
        if (worker) worker.terminate();
        else queue = [];
      };
      if (searching) begin();
      else held.push(begin);
      return standIn;
    };
  }

  function onFocus(event) {
    if (event.target.closest && event.target.closest("form[name=search]")) startSearch();
  }
  function onChange(event) {
    if (event.target.id === "__search") startSearch();
  }
  function onPointer(event) {
    if (event.target.closest && event.target.closest(".md-search,label[for=__search]")) startSearch();
  }
  if (/[?&]q=/.test(location.search)) {
    startSearch();
  } else {
    document.addEventListener("focusin", onFocus);
    document.addEventListener("change", onChange);
    document.addEventListener("pointerover", onPointer, { passive: true });
  }

  /* 3: this language's search index. */
  if (locale) {
    var element = document.getElementById("__config");
    var config = JSON.parse(element.textContent);
    config.base = config.base + "/" + locale + "/";
    element.textContent = JSON.stringify(config);
  }

  /* 4: Material's bundle after the first paint (two frames: the first may show only the header). */
  function loadBundle() {
    var tag = document.createElement("script");
    tag.src = bundle;
    tag.onload = function () {
      setTimeout(function () {
        document.dispatchEvent(new Event("DOMContentLoaded"));
        document.documentElement.setAttribute("data-drom-material", "started");
      });
    };
    document.body.appendChild(tag);
  }
  if (bundle) {
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { setTimeout(loadBundle); });
    });
  }
})();
