/* zhiyin progress tools, loaded by 我的学习 (progress.html) and certificate.html only: export
   (JSON with checksum, CSV, xAPI), import, profile management, the certificate. Plain ES2017,
   no dependencies, works from file://. The pure core is also loaded by node (tests/js/).
   Format: docs/progress.md and schema/progress-export.schema.json. */
(function () {
  "use strict";
  var P = typeof module !== "undefined" && module.exports ? require("./progress.js") : window.Zhiyin && window.Zhiyin.progress;
  var obj = P.obj, arr = P.arr, byTime = P.byTime, minT = P.minT, maxT = P.maxT, norm = P.norm, STATUS = P.STATUS;
  var FORMAT = "zhiyin-progress", VERSION = 1, LABEL = "自我报告的学习记录";
  var NOTICE = LABEL + "：由学习者在自己的设备上生成，未经培训机构核验。校验码只能发现文件损坏或随手改动，不能证明记录真实。";

  /* ---------- pure core ---------- */

  var K = [], H0 = [];
  (function () {
    var f = function (x) { return (x - Math.floor(x)) * 4294967296 | 0; };
    for (var n = 2, d; K.length < 64; n++) {
      for (d = 2; d * d <= n && n % d; d++);
      if (d * d > n) { if (H0.length < 8) H0.push(f(Math.sqrt(n))); K.push(f(Math.cbrt(n))); }
    }
  })();

  function sha256Hex(s) {
    var b = unescape(encodeURIComponent(s)), m = [], w = [], H = H0.slice(), i, j;
    var r = function (x, n) { return x >>> n | x << 32 - n; };
    for (i = 0; i < b.length; i++) m.push(b.charCodeAt(i));
    var bits = m.length * 8;
    m.push(128);
    while (m.length % 64 !== 56) m.push(0);
    m.push(0, 0, 0, 0, bits >>> 24 & 255, bits >>> 16 & 255, bits >>> 8 & 255, bits & 255);
    for (i = 0; i < m.length; i += 64) {
      for (j = 0; j < 64; j++) {
        w[j] = j < 16 ? m[i + 4 * j] << 24 | m[i + 4 * j + 1] << 16 | m[i + 4 * j + 2] << 8 | m[i + 4 * j + 3]
          : (w[j - 16] + (r(w[j - 15], 7) ^ r(w[j - 15], 18) ^ w[j - 15] >>> 3) + w[j - 7] + (r(w[j - 2], 17) ^ r(w[j - 2], 19) ^ w[j - 2] >>> 10)) | 0;
      }
      var a = H.slice();
      for (j = 0; j < 64; j++) {
        var t1 = a[7] + (r(a[4], 6) ^ r(a[4], 11) ^ r(a[4], 25)) + (a[4] & a[5] ^ ~a[4] & a[6]) + K[j] + w[j] | 0;
        var t2 = (r(a[0], 2) ^ r(a[0], 13) ^ r(a[0], 22)) + (a[0] & a[1] ^ a[0] & a[2] ^ a[1] & a[2]) | 0;
        a.pop();
        a.unshift(t1 + t2 | 0);
        a[4] = a[4] + t1 | 0;
      }
      for (j = 0; j < 8; j++) H[j] = H[j] + a[j] | 0;
    }
    return H.map(function (x) { return ("0000000" + (x >>> 0).toString(16)).slice(-8); }).join("");
  }

  /* Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, strings and numbers as
     JSON.stringify writes them. src/progress/canonical.rs is the same in Rust. */
  function canon(v) {
    if (Array.isArray(v)) return "[" + v.map(function (x) { return x === undefined ? "null" : canon(x); }).join(",") + "]";
    if (v && typeof v === "object") {
      return "{" + Object.keys(v).sort().filter(function (k) { return v[k] !== undefined; })
        .map(function (k) { return JSON.stringify(k) + ":" + canon(v[k]); }).join(",") + "}";
    }
    return JSON.stringify(v);
  }

  /* "sha256:" + hex SHA-256 of the canonical document without its top-level "checksum". */
  function checksum(doc) {
    var c = {};
    for (var k in doc) if (k !== "checksum") c[k] = doc[k];
    return "sha256:" + sha256Hex(canon(c));
  }

  function rank(list, x) { var i = list.indexOf(x); return i < 0 ? 1e9 : i; }

  function buildExport(site, profile, rec, now) {
    rec = norm(rec);
    var idx = P.index(site);
    var doc = {
      format: FORMAT, version: VERSION, notice: NOTICE, exported: now,
      site: { id: site.id, build: site.build || "", title: site.title || "", version: site.version || "" },
      profile: { id: profile.id, name: profile.name, code: profile.code || "", created: profile.created || now },
      courses: arr(site.courses).map(function (c) {
        var s = P.courseState(c, rec), qs = [];
        c.lessons.forEach(function (l) {
          arr(l.quizzes).forEach(function (q) { qs.push({ page: l.key, id: q.id, passMark: q.passMark, questions: arr(q.questionIds) }); });
        });
        return { key: c.key, title: c.title, lessons: c.lessons.map(function (l) { return l.key; }), quizzes: qs, status: s.status,
          lessonsRead: s.read, quizzesPassed: s.passed, score: s.score, completed: s.completed };
      }),
      lessons: Object.keys(rec.lessons).sort().map(function (k) {
        var r = rec.lessons[k], i = idx[k];
        return { key: k, course: i ? i.course.key : null, title: i ? i.lesson.title : null, firstVisit: r.first || null,
          lastVisit: r.last || null, visits: r.visits || 0, read: r.read || null, readBy: r.read ? r.how || "end" : null };
      }),
      attempts: rec.attempts.slice().sort(byTime).map(function (a) {
        var i = idx[a.page], q = i && arr(i.lesson.quizzes).filter(function (x) { return x.id === a.quiz; })[0];
        var order = q ? arr(q.questionIds) : [], answers = obj(a.answers), ids = Object.keys(answers);
        ids.sort(function (x, y) { return rank(order, x) - rank(order, y) || (x < y ? -1 : x > y ? 1 : 0); });
        return { page: a.page, quiz: a.quiz, course: i ? i.course.key : null, time: a.time, score: a.score, passed: !!a.passed,
          passMark: a.passMark != null ? a.passMark : q ? q.passMark : null,
          answers: ids.map(function (id) {
            var x = obj(answers[id]);
            return { question: id, correct: !!x.correct, given: x.given === undefined ? null : x.given, version: x.hash || "" };
          }) };
      }),
      events: rec.events.slice().sort(byTime)
    };
    doc.checksum = checksum(doc);
    return doc;
  }

  /* A CSV cell: text starting with = + - @ tab or CR gets a leading ' so that a spreadsheet never
     runs it as a formula; quoted when it holds a comma, quote or line break. Same rule in Rust. */
  function csvCell(v) {
    var s = v == null ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    /* (\x22 is the double quote: the theme's minifier misreads a quote inside a regex.) */
    return /[\x22,\r\n]/.test(s) ? '"' + s.replace(/\x22/g, '""') + '"' : s;
  }

  var EVENTS = { visited: "访问", read: "读完", attempted: "作答", completed: "完成课程", imported: "导入" };

  /* The export as one table (UTF-8 with BOM, so Excel shows Chinese), one row per record. */
  function toCSV(doc) {
    var p = doc.profile, rows = [["记录", "学习者", "学员编号", "课程", "页面", "标题", "测验", "题目", "时间", "得分", "及格分", "结果", "备注"]];
    var add = function (r) { rows.push([r[0], p.name, p.code].concat(r.slice(1))); };
    add(["说明", "", "", "", "", "", "", doc.exported, "", "", "", NOTICE + " 校验码 " + doc.checksum]);
    doc.courses.forEach(function (c) {
      add(["课程", c.key, "", c.title, "", "", c.completed, c.score, "", STATUS[c.status],
        "已读 " + c.lessonsRead + "/" + c.lessons.length + " 课，通过 " + c.quizzesPassed + "/" + c.quizzes.length + " 个测验"]);
    });
    doc.lessons.forEach(function (l) {
      add(["课", l.course, l.key, l.title, "", "", l.read || l.lastVisit, "", "", l.read ? "已读" : "看过", "访问 " + l.visits + " 次"]);
    });
    doc.attempts.forEach(function (a) {
      var right = a.answers.filter(function (x) { return x.correct; }).length;
      add(["测验", a.course, a.page, "", a.quiz, "", a.time, a.score, a.passMark, a.passed ? "通过" : "未通过", "答对 " + right + "/" + a.answers.length + " 题"]);
      a.answers.forEach(function (x) {
        add(["作答", a.course, a.page, "", a.quiz, x.question, a.time, "", "", x.correct ? "正确" : "错误", "答案 " + JSON.stringify(x.given)]);
      });
    });
    doc.events.forEach(function (e) { add(["事件", e.course, e.page, "", e.quiz, "", e.time, e.score, "", EVENTS[e.type] || e.type, ""]); });
    return "\ufeff" + rows.map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  /* A UUID (RFC 4122 variant, version 8 = custom) from a hex digest: a statement always gets the
     same id, so sending one export twice to an LRS does not duplicate anything. */
  function uuid(x) {
    return x.slice(0, 8) + "-" + x.slice(8, 12) + "-8" + x.slice(13, 16) + "-" + "89ab".charAt(parseInt(x.charAt(16), 16) & 3) + x.slice(17, 20) + "-" + x.slice(20, 32);
  }

  var ADL = "http://adlnet.gov/expapi/";
  var VERBS = { experienced: "学习了", answered: "回答了", passed: "通过了", failed: "未通过", completed: "完成了" };

  /* xAPI 1.0.3 statements derived from an export. */
  function toXAPI(doc) {
    var base = "urn:zhiyin:" + doc.site.id + ":", p = doc.profile, out = [], courses = {};
    var actor = { objectType: "Agent", name: p.name, account: { homePage: "urn:zhiyin:" + doc.site.id, name: p.code || p.id } };
    var act = function (key, title, type) {
      var o = { objectType: "Activity", id: base + encodeURI(key), definition: { type: ADL + "activities/" + type } };
      if (title) o.definition.name = { "zh-CN": title };
      return o;
    };
    var score = function (n) { return { scaled: n / 100, raw: n, min: 0, max: 100 }; };
    var add = function (verb, object, time, result, parent) {
      var s = { actor: actor, verb: { id: ADL + "verbs/" + verb, display: { "zh-CN": VERBS[verb], "en-US": verb } }, object: object,
        timestamp: time, context: { platform: "zhiyin", language: "zh-CN" }, version: "1.0.3" };
      if (result) s.result = result;
      if (parent) s.context.contextActivities = { parent: [parent] };
      s.id = uuid(sha256Hex(canon(s)));
      out.push(s);
    };
    doc.courses.forEach(function (c) { courses[c.key] = act(c.key, c.title, "course"); });
    doc.lessons.forEach(function (l) {
      var o = act(l.key, l.title, "lesson");
      if (l.firstVisit) add("experienced", o, l.firstVisit, null, courses[l.course]);
      if (l.read) add("completed", o, l.read, { completion: true }, courses[l.course]);
    });
    doc.attempts.forEach(function (a) {
      var q = act(a.page + "#" + a.quiz, null, "assessment");
      a.answers.forEach(function (x) {
        add("answered", act(a.page + "#" + a.quiz + "/" + x.question, null, "cmi.interaction"), a.time,
          { success: x.correct, response: JSON.stringify(x.given) }, q);
      });
      add(a.passed ? "passed" : "failed", q, a.time, { score: score(a.score), success: a.passed, completion: true }, courses[a.course]);
    });
    doc.courses.forEach(function (c) {
      if (c.status !== "completed" || !c.completed) return;
      var r = { completion: true, success: true };
      if (c.score != null) r.score = score(c.score);
      add("completed", courses[c.key], c.completed, r);
    });
    return out;
  }

  /* Checks an export before import: {doc}, or {error: a message for the learner}. */
  function checkImport(text, siteId) {
    var doc;
    try { doc = JSON.parse(String(text).replace(/^\ufeff/, "")); } catch (e) {
      return { error: "无法读取这个文件：它不是完整的学习记录（可能下载不完整或已损坏）。" };
    }
    if (!doc || typeof doc !== "object" || doc.format !== FORMAT) {
      return { error: "这个文件不是本网站导出的学习记录" + (Array.isArray(doc) ? "（它像是 xAPI 记录，请选择文件名不带 xapi 的 .json 文件）" : "") + "。" };
    }
    if (typeof doc.version !== "number" || doc.version % 1 || doc.version < 1) return { error: "学习记录文件已损坏：格式版本无效。" };
    if (doc.version > VERSION) {
      return { error: "这个文件由更新版本的网站导出（格式版本 " + doc.version + "），本网站只能读取版本 " + VERSION + "。请先更新网站再导入。" };
    }
    var site = obj(doc.site);
    if (site.id !== siteId) return { error: "这个文件来自另一个网站（" + (site.title || site.id || "未知") + "），不能导入到本网站。" };
    if (doc.checksum !== checksum(doc)) return { error: "文件校验不通过：内容已损坏或被改动过，不能导入。" };
    if (!doc.profile || typeof doc.profile.name !== "string" || !doc.profile.id || !Array.isArray(doc.lessons) ||
      !Array.isArray(doc.attempts) || !Array.isArray(doc.events)) {
      return { error: "学习记录文件已损坏：缺少必要的内容。" };
    }
    return { doc: doc };
  }

  /* Adds an export's records to a local record. Nothing local is replaced: a lesson keeps its
     earliest read time; attempts (same quiz and time = same attempt) and events are united. */
  function mergeRecord(rec, doc) {
    rec = norm(JSON.parse(JSON.stringify(norm(rec))));
    var seen = {}, ev = {}, added = 0;
    doc.lessons.forEach(function (l) {
      var r = rec.lessons[l.key] || (rec.lessons[l.key] = { first: null, last: null, visits: 0, read: null });
      r.first = minT(r.first, l.firstVisit);
      r.last = maxT(r.last, l.lastVisit);
      r.visits = Math.max(r.visits || 0, l.visits || 0);
      if (l.read && (!r.read || l.read < r.read)) { r.read = l.read; r.how = l.readBy || "end"; }
    });
    rec.attempts.forEach(function (a) { seen[a.page + "#" + a.quiz + "@" + a.time] = 1; });
    doc.attempts.forEach(function (a) {
      var k = a.page + "#" + a.quiz + "@" + a.time, answers = {};
      if (seen[k]) return;
      seen[k] = 1;
      added++;
      arr(a.answers).forEach(function (x) { answers[x.question] = { given: x.given, correct: x.correct, hash: x.version }; });
      rec.attempts.push({ page: a.page, quiz: a.quiz, time: a.time, score: a.score, passed: a.passed, passMark: a.passMark, answers: answers });
    });
    rec.events.concat(doc.events).forEach(function (e) { ev[canon(e)] = e; });
    rec.events = Object.keys(ev).map(function (k) { return ev[k]; }).sort(byTime);
    arr(doc.courses).forEach(function (c) {
      if (c.status === "completed" && c.completed) rec.completed[c.key] = minT(rec.completed[c.key], c.completed);
    });
    return { rec: rec, added: added };
  }

  /* The quiz module's record of one quiz (quiz.js `record`), rebuilt from the merged attempts. */
  function quizRecord(prev, attempts) {
    prev = obj(prev);
    var list = attempts.slice().sort(byTime), latest = list[list.length - 1], best = null, hist = {};
    list.forEach(function (a) { if (!best || a.score > best.score) best = a; });
    if (prev.latest && prev.latest.time >= latest.time) latest = prev.latest;
    if (prev.best && prev.best.score >= best.score) best = prev.best;
    arr(prev.history).concat(list).forEach(function (a) { hist[a.time] = { time: a.time, score: a.score, passed: a.passed }; });
    return { best: best, latest: latest, attempts: Math.max(prev.attempts || 0, list.length),
      history: Object.keys(hist).sort().map(function (t) { return hist[t]; }).slice(-20) };
  }

  var tools = {
    FORMAT: FORMAT, VERSION: VERSION, LABEL: LABEL, NOTICE: NOTICE, sha256Hex: sha256Hex, canon: canon, checksum: checksum,
    buildExport: buildExport, csvCell: csvCell, toCSV: toCSV, uuid: uuid, toXAPI: toXAPI, checkImport: checkImport,
    mergeRecord: mergeRecord, quizRecord: quizRecord
  };
  if (typeof module !== "undefined" && module.exports) module.exports = tools;
  var G = typeof window !== "undefined" && window.Zhiyin && window.Zhiyin.progressPage;
  if (!G) return;

  /* ---------- the pages ---------- */

  var h = G.h, day = G.day, label = G.label, S = G.S, root = G.root, store = window.Zhiyin.storage;
  window.Zhiyin.progressTools = tools;

  function download(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type })), a = h("a", { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function setMsg(msg, text, cls) {
    msg.textContent = text || "";
    msg.className = "pg-msg" + (cls ? " " + cls : "");
    msg.setAttribute("role", cls === "is-error" ? "alert" : "status");
  }

  function people(me) {
    return h("ul", { class: "pg-people" }, G.profiles().list.map(function (p) {
      var li = h("li", null);
      var row = function () {
        li.textContent = "";
        li.appendChild(h("span", { class: "pg-who", text: label(p) + (p === me ? " · 当前" : "") }));
        if (p !== me) li.appendChild(h("button", { type: "button", class: "button", text: "切换", onclick: function () { G.use(p.id); } }));
        li.appendChild(h("button", { type: "button", class: "button pg-del", text: "删除", onclick: ask }));
      };
      var ask = function () {
        li.textContent = "";
        li.appendChild(h("span", { class: "pg-who", text: "删除“" + p.name + "”和这位学习者在本设备上的全部学习记录？删除后无法恢复，建议先导出。" }));
        li.appendChild(h("button", { type: "button", class: "button primary pg-del-yes", text: "确认删除", onclick: function () { G.remove(p.id); } }));
        li.appendChild(h("button", { type: "button", class: "button", text: "取消", onclick: row }));
      };
      row();
      return li;
    }));
  }

  function courseCard(c, s, rec) {
    return h("section", { class: "pg-course is-" + s.status, "data-course": c.key }, [
      h("h3", null, [h("a", { href: root + c.key, text: c.title }), " ", h("span", { class: "pg-status", text: STATUS[s.status] })]),
      h("p", null, G.summary(s)),
      h("ol", { class: "pg-lessons" }, c.lessons.map(function (l) {
        var r = rec.lessons[l.key];
        return h("li", { class: r && r.read ? "is-read" : "" }, [h("a", { href: root + l.key, text: l.title }), " ",
          h("span", { class: "pg-state", text: r && r.read ? "✓ 已读 " + day(r.read) : r ? "看过，未读完" : "未读" })].concat(arr(l.quizzes).map(function (q) {
          var st = P.quizStats(rec, l.key, q.id);
          return h("span", { class: "pg-quiz" + (st.passedAt ? " is-pass" : ""), text: !st.n ? "测验未做" : "测验最好 " + st.best + " 分" +
            (st.passedAt ? "（通过）" : "（" + q.passMark + " 分及格）") + "，最近 " + st.latest.score + " 分，共 " + st.n + " 次" });
        })));
      })),
      h("p", { class: "pg-step" }, G.nextStep(c, s))]);
  }

  /* 我的学习 */
  function renderProgress(message) {
    var app = document.getElementById("progress-app"), me = G.current(), rec = me ? G.load() : norm(null);
    if (!app) return;
    app.textContent = "";
    var msg = h("div", { class: "pg-msg", role: "status", "aria-live": "polite" });
    if (message) setMsg(msg, message.text, message.error ? "is-error" : "is-ok");
    app.appendChild(h("p", { class: "pg-notice" }, [h("strong", { text: LABEL }), "：记录只保存在这台设备的浏览器里，由你自己导出、交给培训老师。换设备或清理浏览器之前，请先导出。"]));
    if (store.available === false) app.appendChild(h("p", { class: "pg-msg is-error", role: "alert", text: "这个浏览器不能保存学习记录（可能是无痕模式或禁用了存储），关闭页面后记录会丢失。" }));
    app.appendChild(h("section", { class: "pg-profiles" }, [h("h2", { text: "学习者" }),
      h("p", { text: me ? "当前学习者：" + label(me) + "，建档于 " + day(me.created) + "。" : "还没有选择学习者。请新建或选择一位学习者，之后的阅读和测验才会被记录。" }),
      people(me), me ? h("details", { class: "pg-new" }, [h("summary", { text: "新建学习者" }), G.newForm()]) : G.newForm()]));
    if (me) {
      var states = arr(S.courses).map(function (c) { return P.courseState(c, rec); });
      var pick = function (st) { return states.filter(function (s) { return s.status === st; })[0]; };
      var next = pick("in_progress") || pick("not_started"), nc = next && S.courses[states.indexOf(next)];
      app.appendChild(h("section", { class: "pg-next" }, [h("h2", { text: "接下来学什么" }),
        h("p", null, nc ? ["《" + nc.title + "》 "].concat(G.nextStep(nc, next)) : states.length ? "全部课程都已完成，祝贺你！" : "这个网站还没有课程。")]));
      app.appendChild(h("section", { class: "pg-courses" }, [h("h2", { text: "课程进度" })].concat(arr(S.courses).map(function (c, i) {
        return courseCard(c, states[i], rec);
      }))));
      var ex = function (what) {
        var doc = buildExport(S, me, G.load(), G.iso());
        var name = ("学习记录-" + me.name + (me.code ? "-" + me.code : "") + "-" + doc.exported.slice(0, 10)).replace(/[\\\/:*?\x22<>|\s]+/g, "_");
        if (what === "json") download(name + ".json", JSON.stringify(doc, null, 1), "application/json");
        if (what === "csv") download(name + ".csv", toCSV(doc), "text/csv;charset=utf-8");
        if (what === "xapi") download(name + ".xapi.json", JSON.stringify(toXAPI(doc), null, 1), "application/json");
        setMsg(msg, "已导出。请把 JSON 文件发给培训老师，或在另一台设备上导入。", "is-ok");
      };
      app.appendChild(h("section", { class: "pg-export" }, [h("h2", { text: "导出学习记录" }),
        h("p", { text: "JSON 文件交给培训老师汇总，也可以在另一台设备上导入、接着学习；CSV 可以用 Excel 打开；xAPI 记录用于学习记录系统（LRS）。" }),
        h("p", { class: "pg-buttons" }, [["json", "导出学习记录（JSON）"], ["csv", "导出表格（CSV）"], ["xapi", "导出 xAPI 记录"]].map(function (b, i) {
          return h("button", { type: "button", class: "button" + (i ? "" : " primary"), "data-export": b[0], text: b[1], onclick: function () { ex(b[0]); } });
        }))]));
    }
    var file = h("input", { type: "file", accept: ".json,application/json", id: "import-file", onchange: function () {
      var f = file.files && file.files[0], reader = new FileReader();
      if (!f) return;
      reader.onload = function () { importText(String(reader.result), msg); };
      reader.onerror = function () { setMsg(msg, "无法读取这个文件。", "is-error"); };
      reader.readAsText(f, "utf-8");
    } });
    app.appendChild(h("section", { class: "pg-import" }, [h("h2", { text: "导入学习记录" }),
      h("p", { text: "在另一台设备上导出的学习记录（.json 文件）可以在这里导入，接着学习。本设备上已有的记录不会被删除或覆盖。" }),
      h("label", { class: "pg-file" }, ["选择文件 ", file]), msg]));
  }

  function importText(text, msg) {
    var res = checkImport(text, G.siteId), list = G.profiles().list;
    if (res.error) { setMsg(msg, res.error, "is-error"); return; }
    var doc = res.doc, dp = doc.profile, code = (dp.code || "").toUpperCase();
    var match = list.filter(function (p) { return p.id === dp.id; })[0] || list.filter(function (p) {
      return code ? (p.code || "").toUpperCase() === code : !p.code && p.name === dp.name;
    })[0];
    var apply = function (p) {
      G.profiles().current = p.id;
      G.saveProfiles();
      var m = mergeRecord(G.load(), doc), rec = m.rec, now = G.iso(), touched = {};
      doc.attempts.forEach(function (a) { touched[a.page + "#" + a.quiz] = 1; });
      Object.keys(touched).forEach(function (k) {
        store.set("quiz:" + k, quizRecord(store.get("quiz:" + k), rec.attempts.filter(function (a) { return a.page + "#" + a.quiz === k; })));
      });
      rec.events.push({ time: now, type: "imported" });
      G.checkDone(rec, now);
      var ok = G.save(rec);
      G.renderSlot();
      renderProgress({ error: !ok, text: ok ? "已导入到“" + label(p) + "”：新增 " + m.added + " 次测验作答，" + doc.lessons.length + " 课的阅读记录已合并。" :
        "导入没有完成：浏览器存储空间不足，记录没有保存。" });
    };
    if (!match) { apply(G.create(dp.name, dp.code, dp.id, dp.created)); return; }
    var pr = G.profiles(), was = pr.current;
    pr.current = match.id;
    var local = G.load(), last = local.events.reduce(function (t, e) { return maxT(t, e.time); }, null);
    pr.current = was;
    if (!last && !local.attempts.length) { apply(match); return; }
    setMsg(msg, "", "is-ask");
    msg.appendChild(h("p", { text: "本设备上已经有“" + label(match) + "”的学习记录（最近一次 " + day(last) + "），文件导出于 " + day(doc.exported) + "。" +
      (last > doc.exported ? "本设备上的记录比文件更新。" : "") + "合并会保留两边的全部记录，不会覆盖本设备上的任何内容。" }));
    msg.appendChild(h("button", { type: "button", class: "button primary", "data-import": "merge", text: "合并到“" + match.name + "”", onclick: function () { apply(match); } }));
    msg.appendChild(h("button", { type: "button", class: "button", "data-import": "new", text: "另存为新学习者", onclick: function () { apply(G.create(dp.name, dp.code)); } }));
    msg.appendChild(h("button", { type: "button", class: "button", "data-import": "cancel", text: "取消", onclick: function () { setMsg(msg); } }));
  }

  /* certificate.html?course=KEY */
  function renderCertificate() {
    var app = document.getElementById("certificate-app"), me = G.current(), m = /[?&]course=([^&#]*)/.exec(location.search);
    if (!app) return;
    var c = m && G.course(decodeURIComponent(m[1].replace(/\+/g, " "))), back = h("a", { href: root + "progress.html", text: "回到我的学习" });
    app.textContent = "";
    var stop = function (text) { app.appendChild(h("h1", { text: "结业证书" })); app.appendChild(h("p", null, [text, " ", back])); };
    if (!c) return stop("没有找到这门课程。");
    if (!me) return stop("请先在页面顶部选择学习者。");
    var rec = G.load(), s = P.courseState(c, rec);
    if (s.status !== "completed") {
      return stop("“" + me.name + "”还没有完成《" + c.title + "》：已读 " + s.read + "/" + s.lessons + " 课，测验通过 " + s.passed + "/" + s.quizzes + " 个。");
    }
    var doc = buildExport(S, me, rec, G.iso());
    app.appendChild(h("div", { class: "cert" }, [
      h("p", { class: "cert-site", text: S.title || "" }),
      h("h1", { class: "cert-title", text: "结业证书" }),
      h("p", { class: "cert-name", text: me.name }),
      me.code ? h("p", { class: "cert-code", text: "学员编号 " + me.code }) : null,
      h("p", { class: "cert-text", text: "完成了课程" }),
      h("p", { class: "cert-course", text: "《" + c.title + "》" }),
      h("p", { class: "cert-text", text: "全部 " + s.lessons + " 课已读完" + (s.quizzes ? "，" + s.quizzes + " 个测验全部通过，平均成绩 " + s.score + " 分" : "") + "。" }),
      h("p", { class: "cert-date", text: "完成日期 " + day(s.completed) }),
      h("p", { class: "cert-note", text: LABEL + "：由学习者本人在本设备上生成，未经培训机构核验。记录校验码 " + doc.checksum.slice(7, 23) })]));
    app.appendChild(h("p", { class: "cert-actions" }, [h("button", { type: "button", class: "button primary", text: "打印证书", onclick: function () { window.print(); } }), " ", back]));
  }

  var kind = document.body.getAttribute("data-kind");
  window.Zhiyin.progressRefresh = kind === "progress" ? function () { renderProgress(); } : renderCertificate;
  if (kind === "progress") renderProgress();
  if (kind === "certificate") renderCertificate();
})();
