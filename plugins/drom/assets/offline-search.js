/* Offline pack only (file://), loaded after the iframe-worker shim (vendor/iframe-worker/shim.js).

   Material's search worker, run by the shim in a hidden frame, finds its lunr language scripts by cutting its
   own URL at the first "/worker": opened from a folder whose path holds those letters (a USB stick folder
   "workers", a user called "worker"), it looked for lunr.ru in a folder that does not exist, `lunr.ru` stayed
   undefined and Bulgarian search found nothing (English needs no language script). Each frame's
   importScripts is given the lunr folder beside the worker's own folder instead. */
(function () {
  "use strict";

  var Shim = window.Worker;
  if (location.protocol !== "file:" || !window.IFrameWorker || Shim !== window.IFrameWorker) return;

  window.Worker = function (url, options) {
    var worker = new Shim(url, options);
    var lunr = new URL("../lunr/", new URL(String(url), location.href)).href;
    var frame = worker.iframe && worker.iframe.contentWindow;
    if (frame && typeof frame.importScripts === "function") {
      var load = frame.importScripts;
      frame.importScripts = function () {
        var urls = Array.prototype.map.call(arguments, function (value) {
          var text = String(value);
          var at = text.lastIndexOf("/lunr/");
          return at < 0 ? text : lunr + text.slice(at + "/lunr/".length);
        });
        return load.apply(this, urls);
      };
    }
    return worker;
  };
})();
