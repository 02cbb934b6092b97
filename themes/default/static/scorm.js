/* zhiyin SCORM 1.2 runtime. Plain ES2017, no dependencies. Only in SCORM packages
   (`zhiyin package --scorm`), never in the ordinary site; see docs/package.md.

   Two roles, one file:
   - host: scorm-launch.html, the SCO the LMS launches. It finds the LMS API, calls
     LMSInitialize, restores the learner's state from cmi.suspend_data, shows the course
     (or the page the learner left) in an iframe, reports lesson_status, score,
     suspend_data and lesson_location as the learner goes, and calls LMSCommit and
     LMSFinish when it is unloaded. One SCO per course: pages navigated inside the iframe
     never end the LMS session.
   - page: every page of the package. It finds the host in its parent windows and tells it
     when it is shown and when a quiz is answered. Without a host (the package opened as a
     plain site) it does nothing.

   What the host reads: quiz results stored by quiz.js (`quiz:<page>#<quizId>` → {best:
   {score, passed}}) and the progress record of progress.js (`progress` → lessons[key].read,
   attempts[]), both through window.Zhiyin.storage, plus the page's `zhiyin:quiz-attempt`
   events. Course rule: all lessons read and every quiz at or above its pass mark.

   cmi.suspend_data (at most 4,096 characters), version 1:
     "z1|" + entries joined by "|", one per lesson with anything to keep:
       <lesson>:<items>   lesson = the lesson file name without ".html" (relative to the
                          course folder); items joined by ",": "r" = read,
                          "<quiz>=<best score>" + "*" when passed; quiz "quiz-3" is "3".
     e.g. "z1|liang-ge-fugai:r,1=100*|yi-ge-guanjian:r,1=50"
   When that is too long, version 2 goes by position, 6 bits a character (A–Z a–z 0–9 - _):
     "z2|<lessons>|<quizzes>|<read: one bit a lesson>|<two characters a quiz, in course order:
     best score × 2 + 1 when passed, or 4095 when not taken>".
   The characters % | : , = * inside names are written as %XX. */
(function () {
  "use strict";
  var MAX_SUSPEND = 4096;
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  function arr(x) { return Array.isArray(x) ? x : []; }
  function obj(x) { return x && typeof x === "object" && !Array.isArray(x) ? x : {}; }
  function esc(s) {
    return String(s).replace(/[%|:,=*]/g, function (c) { return "%" + c.charCodeAt(0).toString(16).toUpperCase(); });
  }
  function unesc(s) {
    try { return decodeURIComponent(s); } catch (e) { return s; }
  }

  /* ---------- the course state and its compact encoding (pure) ---------- */

  function courseDir(course) { return course.key.replace(/[^/]*$/, ""); }
  function lessonSlug(course, lesson) {
    var dir = courseDir(course), k = lesson.key;
    if (dir && k.indexOf(dir) === 0) k = k.slice(dir.length);
    return k.replace(/\.html$/, "");
  }
  function quizSlug(id) { var m = /^quiz-(\d+)$/.exec(id); return m ? m[1] : esc(id); }
  function quizFromSlug(s) { return /^\d+$/.test(s) ? "quiz-" + s : unesc(s); }

  /* state: {read: {lessonKey: true}, best: {"page#quiz": {score, passed}}} */
  function emptyState() { return { read: {}, best: {} }; }

  function items(course, lesson, state) {
    var out = [];
    if (state.read[lesson.key]) out.push("r");
    arr(lesson.quizzes).forEach(function (q) {
      var b = state.best[lesson.key + "#" + q.id];
      if (b) out.push(quizSlug(q.id) + "=" + Math.round(b.score) + (b.passed ? "*" : ""));
    });
    return out.join(",");
  }

  function encode(course, state) {
    var lessons = arr(course.lessons), named = [];
    lessons.forEach(function (l) {
      var it = items(course, l, state);
      if (it) named.push(esc(lessonSlug(course, l)) + ":" + it);
    });
    var v1 = ["z1"].concat(named).join("|");
    if (v1.length <= MAX_SUSPEND) return v1;
    var bits = "", quizzes = "", nq = 0;
    for (var i = 0; i < lessons.length; i += 6) {
      var v = 0;
      for (var j = 0; j < 6; j++) if (lessons[i + j] && state.read[lessons[i + j].key]) v |= 1 << j;
      bits += B64.charAt(v);
    }
    lessons.forEach(function (l) {
      arr(l.quizzes).forEach(function (q) {
        var b = state.best[l.key + "#" + q.id];
        var v = b ? Math.max(0, Math.min(100, Math.round(b.score))) * 2 + (b.passed ? 1 : 0) : 4095;
        quizzes += B64.charAt(v >> 6) + B64.charAt(v & 63);
        nq++;
      });
    });
    var v2 = "z2|" + lessons.length + "|" + nq + "|" + bits + "|" + quizzes;
    /* Past the limit (thousands of quizzes) the last quizzes are left out. */
    var start = v2.length - quizzes.length;
    if (v2.length <= MAX_SUSPEND) return v2;
    return v2.slice(0, start >= MAX_SUSPEND ? MAX_SUSPEND : start + Math.floor((MAX_SUSPEND - start) / 2) * 2);
  }

  function applyItems(course, lesson, text, state) {
    text.split(",").forEach(function (it) {
      if (it === "r") { state.read[lesson.key] = true; return; }
      var m = /^([^=]+)=(\d+(?:\.\d+)?)(\*?)$/.exec(it);
      if (!m) return;
      var id = quizFromSlug(m[1]);
      if (!arr(lesson.quizzes).some(function (q) { return q.id === id; })) return;
      mergeBest(state, lesson.key + "#" + id, parseFloat(m[2]), m[3] === "*");
    });
  }

  function decode(course, text, state) {
    state = state || emptyState();
    var parts = String(text || "").split("|"), lessons = arr(course.lessons);
    if (parts[0] === "z1") {
      var bySlug = {};
      lessons.forEach(function (l) { bySlug[lessonSlug(course, l)] = l; });
      parts.slice(1).forEach(function (p) {
        var at = p.indexOf(":"), l = at > 0 && bySlug[unesc(p.slice(0, at))];
        if (l) applyItems(course, l, p.slice(at + 1), state);
      });
    } else if (parts[0] === "z2" && parseInt(parts[1], 10) === lessons.length) {
      var bits = parts[3] || "", quizzes = parts[4] || "", n = 0;
      if (parseInt(parts[2], 10) !== lessons.reduce(function (t, l) { return t + arr(l.quizzes).length; }, 0)) return state;
      lessons.forEach(function (l, i) {
        var six = B64.indexOf(bits.charAt(Math.floor(i / 6)));
        if (six >= 0 && (six >> (i % 6)) & 1) state.read[l.key] = true;
        arr(l.quizzes).forEach(function (q) {
          var pair = quizzes.substr(2 * n++, 2), v = B64.indexOf(pair.charAt(0)) * 64 + B64.indexOf(pair.charAt(1));
          if (pair.length === 2 && v >= 0 && v <= 201) mergeBest(state, l.key + "#" + q.id, v >> 1, v & 1);
        });
      });
    }
    return state;
  }

  function mergeBest(state, key, score, passed) {
    if (typeof score !== "number" || isNaN(score)) return;
    var b = state.best[key];
    if (!b) state.best[key] = { score: score, passed: !!passed };
    else {
      if (score > b.score) b.score = score;
      if (passed) b.passed = true;
    }
  }

  /* lesson_status and score by the course rule. */
  function evaluate(course, state) {
    var lessons = arr(course.lessons), read = 0, quizzes = 0, passed = 0, taken = 0, sum = 0;
    lessons.forEach(function (l) {
      if (state.read[l.key]) read++;
      arr(l.quizzes).forEach(function (q) {
        var b = state.best[l.key + "#" + q.id];
        quizzes++;
        if (b) { taken++; sum += b.score; if (b.passed || b.score >= q.passMark) passed++; }
      });
    });
    var allRead = read === lessons.length;
    var status = "incomplete";
    if (allRead && passed === quizzes) status = quizzes ? "passed" : "completed";
    else if (allRead && quizzes && taken === quizzes) status = "failed";
    /* The score: the mean of every quiz's best score, a quiz not yet taken counting 0. */
    var score = quizzes && taken ? Math.floor(sum / quizzes + 1e-9) : null;
    return { status: status, score: score, read: read, lessons: lessons.length, quizzes: quizzes, passed: passed, taken: taken };
  }

  var core = { encode: encode, decode: decode, evaluate: evaluate, emptyState: emptyState, mergeBest: mergeBest, lessonSlug: lessonSlug };
  if (typeof module !== "undefined" && module.exports) module.exports = core;
  if (typeof document === "undefined" || !document.body) return;

  var Z = (window.Zhiyin = window.Zhiyin || {});
  Z.scormCore = core;
  var body = document.body;

  /* ---------- page role ---------- */

  function findHost() {
    var w = window, n = 0;
    while (w.parent && w.parent !== w && n++ < 10) {
      w = w.parent;
      try { if (w.ZhiyinScormHost) return w.ZhiyinScormHost; } catch (e) { return null; /* another origin */ }
    }
    return null;
  }

  if (!body.hasAttribute("data-scorm-host")) {
    var host = findHost();
    if (!host) return;
    var page = body.getAttribute("data-page") || "";
    document.addEventListener("zhiyin:quiz-attempt", function (ev) {
      var d = ev.detail || {}, a = d.attempt || {};
      host.attempt(d.page || page, d.quizId, a.score, a.passed);
    });
    document.addEventListener("zhiyin:lesson-read", function (ev) {
      host.read((ev.detail && ev.detail.page) || page);
    });
    host.attach(page, window);
    return;
  }

  /* ---------- host role ---------- */

  var site = window.ZHIYIN_SITE || { courses: [] };
  var courseKey = body.getAttribute("data-scorm-course");
  var course = arr(site.courses).filter(function (c) { return c.key === courseKey; })[0] || { key: courseKey, lessons: [] };
  var frame = document.getElementById("scorm-content");
  var siteId = body.getAttribute("data-site") || site.id || "zhiyin";
  var api = findAPI();
  var state = emptyState();
  var sent = {};
  var finished = false;
  var started = Date.now();
  var timer = null;
  var profileId = null;

  function scan(w) {
    for (var n = 0; w && n <= 10; n++) {
      try { if (w.API && typeof w.API.LMSInitialize === "function") return w.API; } catch (e) { /* another origin */ }
      if (!w.parent || w.parent === w) break;
      w = w.parent;
    }
    return null;
  }
  function findAPI() {
    var found = scan(window.parent !== window ? window.parent : null);
    try { if (!found && window.opener) found = scan(window.opener); } catch (e) { /* closed */ }
    try { if (!found && window.top && window.top.opener) found = scan(window.top.opener); } catch (e) { /* closed */ }
    return found;
  }
  function lmsGet(name) {
    try { var v = api.LMSGetValue(name); return v == null ? "" : String(v); } catch (e) { return ""; }
  }
  function lmsSet(name, value) {
    value = String(value);
    if (sent[name] === value) return false;
    try {
      if (String(api.LMSSetValue(name, value)) === "true") { sent[name] = value; return true; }
    } catch (e) { /* the LMS said no; the next report tries again */ }
    return false;
  }

  function store() { return Z.storage && Z.storage.get ? Z.storage : null; }

  /* The LMS learner gets (and is switched to) a learner profile of the site (progress.js's
     list in "zhiyin:<site>:profiles"), so progress is recorded without asking. */
  function useLmsProfile() {
    var s = store();
    if (!s || !s.getShared) return;
    var sid = lmsGet("cmi.core.student_id"), sname = lmsGet("cmi.core.student_name");
    var clean = sid.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 40);
    profileId = "lms-" + (clean || "learner");
    var parts = sname.split(",").map(function (x) { return x.trim(); }).filter(Boolean);
    var cjk = /[\u3400-\u9fff]/.test(sname);
    var name = parts.length === 2 ? (cjk ? parts[0] + parts[1] : parts[1] + " " + parts[0]) : sname.trim();
    var key = siteId + ":profiles", p;
    try { p = obj(JSON.parse(s.getShared(key))); } catch (e) { p = {}; }
    var list = arr(p.list);
    if (!list.some(function (x) { return x && x.id === profileId; })) {
      list.push({ id: profileId, name: name || sid || "LMS 学员", code: sid, created: new Date().toISOString() });
    }
    s.setShared(key, JSON.stringify({ current: profileId, list: list }));
    Z.currentProfile = function () { return profileId; };
  }

  /* What the browser has stored for this learner, merged into `state`. */
  function readStorage() {
    var s = store();
    if (!s) return;
    var rec = obj(s.get("progress")), lessons = obj(rec.lessons);
    arr(course.lessons).forEach(function (l) {
      if (lessons[l.key] && lessons[l.key].read) state.read[l.key] = true;
      arr(l.quizzes).forEach(function (q) {
        var r = obj(s.get("quiz:" + l.key + "#" + q.id)), b = obj(r.best);
        if (typeof b.score === "number") mergeBest(state, l.key + "#" + q.id, b.score, b.passed);
      });
    });
    arr(rec.attempts).forEach(function (a) {
      if (a && typeof a.score === "number") {
        var key = a.page + "#" + a.quiz;
        if (arr(course.lessons).some(function (l) { return l.key === a.page; })) mergeBest(state, key, a.score, a.passed);
      }
    });
  }

  /* State from suspend_data written back into the browser, so a new session (another
     computer) shows what the learner did: the quiz results and the lessons read. */
  function restoreStorage() {
    var s = store();
    if (!s) return;
    var now = new Date().toISOString(), rec = obj(s.get("progress")), changed = false;
    rec.v = 1;
    rec.lessons = obj(rec.lessons);
    rec.attempts = arr(rec.attempts);
    rec.events = arr(rec.events);
    rec.completed = obj(rec.completed);
    arr(course.lessons).forEach(function (l) {
      if (state.read[l.key]) {
        var r = rec.lessons[l.key] || (rec.lessons[l.key] = { first: now, last: now, visits: 0, read: null });
        if (!r.read) { r.read = now; changed = true; } /* readBy in an export: "end" */
      }
      arr(l.quizzes).forEach(function (q) {
        var b = state.best[l.key + "#" + q.id];
        if (!b) return;
        var key = "quiz:" + l.key + "#" + q.id, qr = obj(s.get(key));
        if (!qr.best || !(qr.best.score >= b.score)) {
          var best = { time: now, score: b.score, passed: b.passed };
          s.set(key, { best: best, latest: qr.latest || best, attempts: qr.attempts || 1, history: arr(qr.history) });
        }
        var has = rec.attempts.some(function (a) { return a.page === l.key && a.quiz === q.id && a.score >= b.score; });
        if (!has) {
          rec.attempts.push({ page: l.key, quiz: q.id, time: now, score: b.score, passed: b.passed, passMark: q.passMark, answers: {} });
          changed = true;
        }
      });
    });
    if (changed) s.set("progress", rec);
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function sessionTime() {
    var t = Math.max(0, Math.floor((Date.now() - started) / 1000)), h = Math.min(9999, Math.floor(t / 3600));
    return pad(h) + ":" + pad(Math.floor(t / 60) % 60) + ":" + pad(t % 60);
  }

  /* Sends what changed; commits when anything did (or when asked to). */
  function report(force) {
    timer = null;
    if (!api || finished && !force) return;
    readStorage();
    var e = evaluate(course, state), changed = false;
    changed = lmsSet("cmi.core.lesson_status", e.status) || changed;
    if (e.score != null) {
      changed = lmsSet("cmi.core.score.min", "0") || changed;
      changed = lmsSet("cmi.core.score.max", "100") || changed;
      changed = lmsSet("cmi.core.score.raw", e.score) || changed;
    }
    changed = lmsSet("cmi.suspend_data", encode(course, state)) || changed;
    if (changed || force) { try { api.LMSCommit(""); } catch (err) { /* kept until the next commit */ } }
    Z.scormLast = e;
  }
  function soon() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(function () { report(false); }, 300);
  }

  function finish() {
    if (!api || finished) return;
    if (timer) { clearTimeout(timer); timer = null; }
    report(false);
    finished = true;
    var e = evaluate(course, state);
    lmsSet("cmi.core.session_time", sessionTime());
    lmsSet("cmi.core.exit", e.status === "incomplete" ? "suspend" : "");
    try { api.LMSCommit(""); } catch (err) { /* nothing more to do */ }
    try { api.LMSFinish(""); } catch (err) { /* nothing more to do */ }
  }

  window.ZhiyinScormHost = {
    attach: function (page, win) {
      if (api && !finished && page && page.length <= 255 && /\.html$/.test(page)) lmsSet("cmi.core.lesson_location", page);
      soon();
    },
    attempt: function (page, quizId, score, passed) {
      mergeBest(state, page + "#" + quizId, score, passed);
      soon();
    },
    read: function (page) {
      if (arr(course.lessons).some(function (l) { return l.key === page; })) state.read[page] = true;
      soon();
    },
    report: function () { report(true); },
    finish: finish,
    api: function () { return api; }
  };

  var start = course.key;
  if (api) {
    var ok = false;
    try { ok = String(api.LMSInitialize("")) === "true"; } catch (e) { ok = false; }
    if (!ok) api = null;
  }
  if (api) {
    useLmsProfile();
    decode(course, lmsGet("cmi.suspend_data"), state);
    restoreStorage();
    var where = lmsGet("cmi.core.lesson_location");
    if (/^[^:?#\\]+\.html$/.test(where) && where.indexOf("..") < 0) start = where;
    report(true);
    window.addEventListener("storage", soon);
    window.addEventListener("pagehide", finish);
  }
  if (frame) frame.src = start.split("/").map(encodeURIComponent).join("/");
})();
