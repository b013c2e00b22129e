/* The classroom view (lessons/<id>/classroom/): one slide at a time, keyboard, clicker and swipe navigation,
   a countdown per activity. Without this script the slides simply follow each other down the page.
   No requests, no inline styles, no dependencies; works from file:// (the offline pack). */
(function () {
  "use strict";

  function start() {
    var root = document.documentElement;
    var slides = Array.prototype.slice.call(document.querySelectorAll(".cr-slide"));
    if (!slides.length) return;
    root.classList.add("cr-js");
    var count = document.querySelector("[data-cr-count]");
    var current = 0;

    function indexOf(id) {
      for (var i = 0; i < slides.length; i += 1) if (slides[i].id === id) return i;
      return -1;
    }

    function show(index, keepUrl) {
      current = Math.max(0, Math.min(slides.length - 1, index));
      slides.forEach(function (slide, i) { slide.hidden = i !== current; });
      var title = slides[current].querySelector("h1, h2");
      if (count) {
        count.textContent = count.getAttribute("data-template")
          .replace("{n}", String(current + 1)).replace("{m}", String(slides.length)) +
          (title ? " · " + title.textContent : "");
      }
      if (!keepUrl && window.history && history.replaceState) {
        history.replaceState(null, "", "#" + slides[current].id);
      }
    }

    function step(by) { show(current + by); }

    document.querySelector("[data-cr-previous]").addEventListener("click", function () { step(-1); });
    document.querySelector("[data-cr-next]").addEventListener("click", function () { step(1); });

    var full = document.querySelector("[data-cr-fullscreen]");
    function fullscreen() {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (root.requestFullscreen) root.requestFullscreen().catch(function () {});
    }
    if (full && root.requestFullscreen) {
      full.hidden = false;
      full.addEventListener("click", fullscreen);
    }

    // Agenda links on the first slide go to their slide.
    document.querySelectorAll(".cr-agenda a").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var index = indexOf(link.getAttribute("href").slice(1));
        if (index < 0) return;
        event.preventDefault();
        show(index);
      });
    });

    // --- countdowns: one per activity, started and paused by the teacher ------------------------------
    var timers = Array.prototype.slice.call(document.querySelectorAll("[data-cr-timer]")).map(function (box) {
      var timer = {
        box: box,
        total: Number(box.getAttribute("data-seconds")) * 1000,
        left: Number(box.getAttribute("data-seconds")) * 1000,
        endsAt: 0,
        running: false,
        time: box.querySelector("[data-cr-time]"),
        toggle: box.querySelector("[data-cr-toggle]"),
        status: box.querySelector("[data-cr-status]")
      };
      timer.toggle.addEventListener("click", function () { toggle(timer); });
      box.querySelector("[data-cr-reset]").addEventListener("click", function () { reset(timer); });
      return timer;
    });

    function remaining(timer) {
      return timer.running ? Math.max(0, timer.endsAt - Date.now()) : timer.left;
    }

    function paint(timer) {
      var left = remaining(timer);
      var seconds = Math.ceil(left / 1000);
      var text = String(Math.floor(seconds / 60)).padStart(2, "0") + ":" + String(seconds % 60).padStart(2, "0");
      if (timer.time.textContent !== text) timer.time.textContent = text;
      if (timer.running && left === 0) {
        timer.running = false;
        timer.left = 0;
        timer.box.classList.add("cr-timer--done");
        timer.status.textContent = timer.box.getAttribute("data-done");
      }
      timer.box.classList.toggle("cr-timer--running", timer.running);
      timer.toggle.textContent = timer.box.getAttribute(timer.running ? "data-pause" : "data-start");
      timer.toggle.disabled = !timer.running && timer.left === 0;
    }

    function toggle(timer) {
      if (timer.running) {
        timer.left = remaining(timer);
        timer.running = false;
      } else if (timer.left > 0) {
        timer.endsAt = Date.now() + timer.left;
        timer.running = true;
      }
      paint(timer);
    }

    function reset(timer) {
      timer.running = false;
      timer.left = timer.total;
      timer.box.classList.remove("cr-timer--done");
      timer.status.textContent = "";
      paint(timer);
    }

    window.setInterval(function () {
      timers.forEach(function (timer) { if (timer.running) paint(timer); });
    }, 250);

    function currentTimer() {
      var box = slides[current].querySelector("[data-cr-timer]");
      return timers.filter(function (timer) { return timer.box === box; })[0];
    }

    // --- keyboard, clicker and touch ----------------------------------------------------------------------
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var target = event.target;
      var onControl = target && target.closest && target.closest("button, a, input, select, textarea");
      var key = event.key;
      if (key === "ArrowRight" || key === "ArrowDown" || key === "PageDown" || (key === " " && !onControl && !event.shiftKey)) {
        step(1);
      } else if (key === "ArrowLeft" || key === "ArrowUp" || key === "PageUp" || (key === " " && !onControl && event.shiftKey)) {
        step(-1);
      } else if (key === "Home") {
        show(0);
      } else if (key === "End") {
        show(slides.length - 1);
      } else if ((key === "t" || key === "T") && currentTimer()) {
        toggle(currentTimer());
      } else if ((key === "f" || key === "F") && root.requestFullscreen) {
        fullscreen();
      } else {
        return;
      }
      event.preventDefault();
    });

    var touch = null;
    document.addEventListener("touchstart", function (event) {
      if (event.touches.length === 1) touch = { x: event.touches[0].clientX, y: event.touches[0].clientY };
    }, { passive: true });
    document.addEventListener("touchend", function (event) {
      if (!touch || !event.changedTouches.length) return;
      var dx = event.changedTouches[0].clientX - touch.x;
      var dy = event.changedTouches[0].clientY - touch.y;
      touch = null;
      if (Math.abs(dx) > 50 && Math.abs(dx) > 1.5 * Math.abs(dy)) step(dx < 0 ? 1 : -1);
    }, { passive: true });

    window.addEventListener("hashchange", function () {
      var index = indexOf(window.location.hash.slice(1));
      if (index >= 0 && index !== current) show(index, true);
    });

    var first = indexOf(window.location.hash.slice(1));
    show(first >= 0 ? first : 0, first < 0);
    timers.forEach(paint);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
