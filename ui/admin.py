"""The admin page at /admin: one static page (no secrets in it) that asks for the admin key and talks to
/api/admin with it. Upload with a preview of the extracted articles before indexing, the index and rebuild
status, the report list, and the insight view. The page is its own template, so its Chinese text lives
here rather than in ui/strings.py."""

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>报道问答助手 · 管理</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f6f8;color:#222}
header{background:#1f3b63;color:#fff;padding:12px 24px;font-size:18px}
main{max-width:1100px;margin:0 auto;padding:16px}
section{background:#fff;border-radius:8px;padding:16px 20px;margin:14px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h2{font-size:16px;margin:0 0 12px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #e3e6ea;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f0f2f5}
button{background:#1f5fbf;color:#fff;border:0;border-radius:4px;padding:6px 14px;cursor:pointer;font-size:14px}
button.secondary{background:#6b7280}button.danger{background:#c0392b}
button:disabled{background:#aab}
.error{color:#b00020;white-space:pre-wrap}.ok{color:#1a7f37}.muted{color:#666;font-size:13px}
.stats span{display:inline-block;margin-right:24px}.stats b{font-size:20px}
progress{width:320px;vertical-align:middle}
.hidden{display:none}
/* a phone: each table row becomes a card of "label value" lines (labels from the table's headers, set by
   fill() below) rather than columns squeezed to a character each; inputs and buttons fit the screen and are
   large enough to tap */
@media (max-width:640px){
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
header{padding:12px 16px}
main{padding:4px 8px}
section{padding:14px;margin:10px 0}
input,button{min-height:44px;font-size:16px;box-sizing:border-box;max-width:100%}
#key,#file{width:100%}
button{margin:4px 0}
progress{width:100%}
table,tbody,tr,td{display:block}
thead{display:none}
tr{border:1px solid #e3e6ea;border-radius:6px;margin:0 0 10px;padding:6px 10px}
td{border:0;padding:4px 0;overflow-wrap:anywhere;text-wrap:pretty}
td[data-label]{position:relative;padding-left:5.5rem;min-height:1.6em}
td[data-label]::before{content:attr(data-label);position:absolute;left:0;width:5rem;color:#666;font-size:13px;line-height:1.6}
td:not([data-label]){text-align:right}
td button{min-width:96px}
}
</style></head>
<body>
<header>报道问答助手 · 管理</header>
<main>
<section id="login">
  <h2>管理密钥</h2>
  <input id="key" type="password" placeholder="REPORTQA_SERVER__ADMIN_KEY" size="40">
  <button id="enter">进入</button> <span id="login-error" class="error"></span>
</section>
<div id="admin" class="hidden">
<section>
  <h2>索引状态</h2>
  <div id="serving"></div>
  <div>后台更新：<span id="build-state">—</span> <progress id="progress" class="hidden"></progress>
    <span id="build-message" class="muted"></span></div>
</section>
<section>
  <h2>上传报道</h2>
  <p class="muted">支持 PDF（含扫描件）、Word（.docx）、网页（.html）、.txt、.md。先预览提取出的文章，确认无误后再加入索引。
    扫描件需要文字识别，每页约需半分钟到一分钟，在后台进行，这里会显示进度。</p>
  <input id="file" type="file" accept=".pdf,.docx,.html,.htm,.txt,.md">
  日期（文件中没有日期时填写）：<input id="date" type="date">
  <button id="preview-btn">预览</button>
  <div id="ocr" class="hidden"><progress id="ocr-progress"></progress> <span id="ocr-message"></span></div>
  <div id="upload-error" class="error"></div>
  <div id="preview" class="hidden">
    <p id="preview-summary"></p>
    <table><thead><tr><th>标题</th><th>日期</th><th>段落</th><th>开头</th></tr></thead><tbody id="preview-rows"></tbody></table>
    <p><button id="confirm">确认加入索引</button> <button id="cancel" class="secondary">取消</button></p>
  </div>
  <div id="upload-result" class="ok"></div>
</section>
<section>
  <h2>报道列表</h2>
  <table><thead><tr><th>文件</th><th>大小</th><th>日期</th><th>状态</th><th></th></tr></thead><tbody id="reports"></tbody></table>
</section>
<section>
  <h2>用户提问分析（近 30 天）</h2>
  <div class="stats" id="stats"></div>
  <img id="chart" alt="每日提问数" style="max-width:100%">
  <p>导出 CSV：<button class="secondary" data-export="questions">全部提问</button>
    <button class="secondary" data-export="refused">拒答问题</button>
    <button class="secondary" data-export="downvoted">差评</button>
    <button class="secondary" data-export="top">高频问题</button></p>
  <h3>拒答的问题（报道中没有答案）</h3>
  <table><thead><tr><th>问题</th><th>次数</th><th>最近</th></tr></thead><tbody id="refused"></tbody></table>
  <h3>👎 差评与意见</h3>
  <table><thead><tr><th>时间</th><th>问题</th><th>意见</th></tr></thead><tbody id="downvoted"></tbody></table>
  <h3>高频问题</h3>
  <table><thead><tr><th>问题</th><th>次数</th><th>其中拒答</th></tr></thead><tbody id="top"></tbody></table>
</section>
</div>
</main>
<script>
const $ = (id) => document.getElementById(id);
let key = sessionStorage.getItem("reportqa-admin-key") || "";
let polling = null;
let previewRun = 0;  // a newer preview, another file or 取消 ends an older preview's wait for its OCR job
// each cell is given its column's header as data-label: the phone layout shows it beside the value
function fill(tbody, html) {
  tbody.innerHTML = html;
  const heads = [...tbody.closest("table").querySelectorAll("th")].map((th) => th.textContent);
  for (const tr of tbody.rows) [...tr.cells].forEach((td, i) => { if (heads[i]) td.dataset.label = heads[i]; });
}
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c]));

async function api(path, options = {}) {
  const r = await fetch("/api/admin" + path, {...options, headers: {"X-Admin-Key": key, ...(options.headers || {})}});
  if (!r.ok) {
    // a proxy's own error page (nginx 502/504) is not JSON: say what happened in Chinese
    let detail = r.status === 504 ? "服务器处理超时（504）：文件页数较多时，请拆分后分批上传。" : `请求失败（${r.status}），请稍后再试。`;
    try { detail = (await r.json()).detail || detail; } catch (e) {}
    throw new Error(detail);
  }
  return r;
}

function showStatus(s) {
  const v = s.serving;
  $("serving").innerHTML = v ? `当前索引：<b>${v.articles}</b> 篇文章，<b>${v.chunks}</b> 个文本块，${v.files} 个文件，构建于 ${esc(v.built_at)}`
                             : `<span class="error">索引未加载：${esc(s.serving_error || "")}</span>`;
  const b = s.build;
  const names = {idle: "空闲", running: "进行中", done: "已完成", failed: "失败"};
  $("build-state").textContent = names[b.state] || b.state;
  $("build-state").className = b.state === "failed" ? "error" : (b.state === "done" ? "ok" : "");
  $("build-message").textContent = b.message + (b.seconds ? `（用时 ${b.seconds} 秒）` : "");
  const bar = $("progress");
  bar.classList.toggle("hidden", b.state !== "running");
  if (b.total) { bar.max = b.total; bar.value = b.done; } else { bar.removeAttribute("value"); }
}

async function refresh() {
  const data = await (await api("/reports")).json();
  showStatus(data);
  fill($("reports"), data.reports.map((r) => `<tr><td>${esc(r.name)}</td><td>${(r.bytes / 1024).toFixed(1)} KB</td>
    <td>${esc(r.date || "")}</td><td>${r.indexed ? "已索引" : "未索引"}</td>
    <td><button class="danger" data-remove="${esc(r.name)}">删除</button></td></tr>`).join(""));
  if (data.build.state === "running" && !polling) polling = setInterval(poll, 1000);
}

async function poll() {
  const s = await (await api("/status")).json();
  showStatus(s);
  if (s.build.state !== "running") { clearInterval(polling); polling = null; await refresh(); await loadInsight(); }
}

async function loadInsight() {
  const d = await (await api("/insight?days=30")).json();
  $("stats").innerHTML = `<span>提问 <b>${d.asked}</b></span><span>拒答 <b>${d.refused}</b></span>
    <span>拒答率 <b>${(d.refusal_rate * 100).toFixed(1)}%</b></span><span>差评 <b>${d.downvoted.length}</b></span>`;
  fill($("refused"), d.refused_questions.map((r) => `<tr><td>${esc(r.question)}</td><td>${r.times}</td><td>${esc(r.last_asked)}</td></tr>`).join(""));
  fill($("downvoted"), d.downvoted.map((r) => `<tr><td>${esc(r.created_at)}</td><td>${esc(r.question)}</td><td>${esc(r.comment)}</td></tr>`).join(""));
  fill($("top"), d.top_questions.map((r) => `<tr><td>${esc(r.question)}</td><td>${r.times}</td><td>${r.refused}</td></tr>`).join(""));
  const img = await (await api("/insight/chart.png?days=30")).blob();
  $("chart").src = URL.createObjectURL(img);
}

function form() {
  const f = $("file").files[0];
  const fd = new FormData();
  if (f) fd.append("file", f);
  fd.append("date", $("date").value || "");
  return fd;
}

$("enter").onclick = async () => {
  key = $("key").value.trim();
  try {
    await refresh();
    sessionStorage.setItem("reportqa-admin-key", key);
    $("login-error").textContent = "";
    $("admin").classList.remove("hidden");
    await loadInsight();
  } catch (e) { $("login-error").textContent = e.message; }
};

function previewIdle() {
  $("preview-btn").disabled = false; $("preview-btn").textContent = "预览"; $("ocr").classList.add("hidden");
}

// a scan is read by OCR in the background (202 and a job): show its progress until it is done
async function waitForJob(job, run) {
  $("preview-btn").textContent = "正在识别…"; $("ocr").classList.remove("hidden");
  while (run === previewRun) {
    $("ocr-message").textContent = job.message;
    const bar = $("ocr-progress");
    if (job.total) { bar.max = job.total; bar.value = job.done; } else { bar.removeAttribute("value"); }
    if (job.state === "done") return job.preview;
    if (job.state === "failed") throw new Error(job.message);
    await new Promise((ok) => setTimeout(ok, 2000));
    if (run !== previewRun) break;
    job = await (await api("/reports/preview/" + encodeURIComponent(job.job))).json();
  }
  return null;
}

function showPreview(p) {
  $("preview-summary").textContent = `${p.name}：${p.articles.length} 篇文章` + (p.pages ? `，${p.pages} 页` : "")
    + (p.ocr_pages ? `（其中 ${p.ocr_pages} 页为扫描件，已做文字识别，请核对）` : "") + (p.warnings.length ? "。注意：" + p.warnings.join("；") : "");
  fill($("preview-rows"), p.articles.map((a) => `<tr><td>${esc(a.title)}</td><td>${esc(a.date || "未知")}</td>
    <td>${a.paragraphs}</td><td class="muted">${esc(a.first_lines)}…</td></tr>`).join(""));
  $("preview").classList.remove("hidden");
}

$("preview-btn").onclick = async () => {
  const run = ++previewRun;
  $("upload-error").textContent = ""; $("upload-result").textContent = ""; $("preview").classList.add("hidden");
  $("preview-btn").disabled = true; $("preview-btn").textContent = "正在提取…";
  try {
    const r = await api("/reports/preview", {method: "POST", body: form()});
    let p = await r.json();
    if (r.status === 202) p = await waitForJob(p, run);
    if (p && run === previewRun) showPreview(p);
  } catch (e) { if (run === previewRun) $("upload-error").textContent = e.message; }
  if (run === previewRun) previewIdle();
};

$("confirm").onclick = async () => {
  $("confirm").disabled = true;
  try {
    const r = await (await api("/reports", {method: "POST", body: form()})).json();
    $("preview").classList.add("hidden");
    $("upload-result").textContent = `已添加 ${r.report.name}，正在后台更新索引。`;
    showStatus(r);
    if (!polling) polling = setInterval(poll, 1000);
  } catch (e) { $("upload-error").textContent = e.message; }
  $("confirm").disabled = false;
};
$("cancel").onclick = () => { previewRun++; previewIdle(); $("preview").classList.add("hidden"); $("file").value = ""; };
// 确认 uploads the file again: a preview of another file or date must not be confirmed for this one
$("file").onchange = $("date").onchange = () => {
  previewRun++; previewIdle(); $("preview").classList.add("hidden"); $("upload-result").textContent = ""; $("upload-error").textContent = "";
};

document.addEventListener("click", async (ev) => {
  const t = ev.target;
  if (t.dataset.remove) {
    if (!confirm(`确定删除 ${t.dataset.remove}？`)) return;
    try {
      showStatus(await (await api("/reports/" + encodeURIComponent(t.dataset.remove), {method: "DELETE"})).json());
      if (!polling) polling = setInterval(poll, 1000);
    } catch (e) { alert(e.message); }
  } else if (t.dataset.export) {
    try {
      const blob = await (await api(`/insight/export.csv?table=${t.dataset.export}&days=30`)).blob();
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob); a.download = `reportqa-${t.dataset.export}.csv`; a.click();
    } catch (e) { alert(e.message); }
  }
});
if (key) { $("key").value = key; $("enter").click(); }
</script>
</body></html>
"""
