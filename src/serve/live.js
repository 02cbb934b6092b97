/* zhiyin serve: live reload. Injected by `zhiyin serve` only, never in built output. */
(function () {
  "use strict";
  if (window.__zhiyinLive) return;
  window.__zhiyinLive = true;
  var build = "__ZHIYIN_BUILD__";
  var since = 0;
  var delay = 500;
  var KEY = "zhiyin-live-scroll";
  var OVERLAY = "zhiyin-live-overlay";

  // Keep the reader's place across a reload.
  try {
    var saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
    sessionStorage.removeItem(KEY);
    if (saved && saved.path === location.pathname) {
      window.addEventListener("load", function () {
        window.scrollTo(0, saved.y);
      });
    }
  } catch (e) { /* storage may be unavailable */ }

  function reload() {
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname, y: window.pageYOffset }));
    } catch (e) { /* ignore */ }
    location.reload();
  }

  function el(tag, css, text) {
    var node = document.createElement(tag);
    if (css) node.style.cssText = css;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function caretLine(source, column) {
    var pad = "";
    var chars = Array.from(source);
    for (var i = 0; i < column - 1 && i < chars.length; i++) {
      pad += chars[i] === "\t" ? "\t" : /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(chars[i]) ? "\u3000" : " ";
    }
    return pad + "^";
  }

  function show(errors) {
    var old = document.getElementById(OVERLAY);
    if (old) old.parentNode.removeChild(old);
    if (!errors || !errors.length) return;
    var root = el("div", "position:fixed;top:0;left:0;right:0;bottom:0;z-index:2147483647;background:rgba(20,20,20,.72);overflow:auto;padding:24px 12px;box-sizing:border-box;font:15px/1.5 system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;");
    root.id = OVERLAY;
    root.setAttribute("role", "alert");
    var box = el("div", "max-width:900px;margin:0 auto;background:#fff;color:#222;border-top:6px solid #c0392b;border-radius:6px;padding:16px 20px;box-shadow:0 4px 24px rgba(0,0,0,.4);");
    var head = el("div", "display:flex;justify-content:space-between;align-items:baseline;gap:12px;");
    var count = errors.length;
    head.appendChild(el("strong", "font-size:18px;color:#c0392b;", "构建失败：" + count + " 个错误 (build failed)"));
    var close = el("button", "border:1px solid #999;background:#f5f5f5;border-radius:4px;padding:2px 10px;cursor:pointer;", "关闭");
    close.type = "button";
    close.onclick = function () { root.parentNode.removeChild(root); };
    head.appendChild(close);
    box.appendChild(head);
    box.appendChild(el("p", "margin:6px 0 12px;color:#555;", "下面显示的是上一次成功构建的页面。改正文件并保存后，这里会自动更新。"));
    errors.forEach(function (err) {
      var item = el("div", "border-top:1px solid #ddd;padding:10px 0;");
      item.className = "zhiyin-live-error";
      item.appendChild(el("div", "font-family:ui-monospace,Menlo,Consolas,monospace;font-weight:bold;color:#222;", err.path + ":" + err.line + ":" + err.column));
      item.appendChild(el("div", "margin:2px 0 6px;color:#c0392b;", (err.severity === "warning" ? "警告: " : "错误: ") + err.message));
      if (err.source_line !== null && err.source_line !== undefined) {
        var pre = el("pre", "margin:0;padding:8px 10px;background:#f6f6f6;border-radius:4px;overflow:auto;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;white-space:pre;");
        pre.appendChild(el("span", "color:#888;", err.line + " | "));
        pre.appendChild(document.createTextNode(err.source_line + "\n"));
        pre.appendChild(el("span", "color:#888;", String(err.line).replace(/./g, " ") + " | "));
        pre.appendChild(el("span", "color:#c0392b;font-weight:bold;", caretLine(err.source_line, err.column)));
        item.appendChild(pre);
      }
      if (err.hint) item.appendChild(el("div", "margin-top:6px;color:#2c6e49;", "提示: " + err.hint));
      box.appendChild(item);
    });
    root.appendChild(box);
    (document.body || document.documentElement).appendChild(root);
  }

  function retry() {
    setTimeout(poll, delay);
    delay = Math.min(delay * 2, 8000);
  }

  function poll() {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", "/__zhiyin/poll?since=" + since, true);
    xhr.timeout = 60000;
    xhr.onload = function () {
      var state = null;
      try { state = JSON.parse(xhr.responseText); } catch (e) { state = null; }
      if (xhr.status !== 200 || !state) { retry(); return; }
      delay = 500;
      if (state.build && state.build !== build) { reload(); return; }
      show(state.errors);
      since = state.version;
      setTimeout(poll, 0);
    };
    xhr.onerror = retry;
    xhr.ontimeout = retry;
    xhr.send();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", poll);
  } else {
    poll();
  }
})();
