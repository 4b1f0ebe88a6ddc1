"""Every message about the reports themselves (Chinese), in one place: problems met while loading the corpus
(loader.py), files that cannot be read (formats.py, pdf.py), and what a date was inferred from."""

# --- loading the corpus (loader.py): each problem names its file
ERR_NO_CORPUS = "语料目录不存在：{root}"
ERR_METADATA = "元数据文件 {path} 格式错误：{error}"
LOAD_OUTSIDE = "{source}：链接指向语料目录之外，已跳过。"
LOAD_LARGE = "{source}：文件很大（{mb} MB），建议按文章拆分成多个文件。"
LOAD_NO_BODY = "{source}：没有找到正文，已跳过。"
LOAD_EMPTY = "{source}：文件为空，已跳过。"
LOAD_BINARY = "{source}：不是文本文件（二进制内容），已跳过。"
LOAD_UNDECODABLE = "{source}：无法识别文件编码（应为 UTF-8），已跳过。"
LOAD_GBK = "{source}：文件不是 UTF-8 编码，已按 GBK 读取；建议转换为 UTF-8。"
CAPTIONS = "本版图片说明"  # title of the article that holds a file's photo captions
LOAD_UNREADABLE = "{error}已跳过。"  # a FormatError's message, which names the file

# --- files that cannot be read (formats.py); {name} is the file's name
KIND_NAMES = {"pdf": "PDF", "docx": "Word 文档（.docx）", "html": "网页（HTML）", "text": "文本"}
NO_SUFFIX = "无扩展名"
ERR_EMPTY = "{name}：文件为空。"
ERR_ENCRYPTED = "{name}：文件已加密（设有打开密码），无法读取。请去除密码后再上传。"
ERR_OLD_OFFICE = "{name}：是旧版 Word（.doc）或其他 Office 格式，暂不支持。请另存为 .docx 后再上传。"
ERR_UNSUPPORTED = "{name}：不支持的文件类型（{suffix}）。支持 PDF、Word（.docx）、网页（.html）、.txt 和 .md。"
ERR_NOT_KIND = "{name}：文件内容不是 {kind}，可能已损坏或类型不符。"
ERR_KIND_MISMATCH = "{name}：扩展名为 {suffix}，但内容是{kind}。请检查文件。"
ERR_TEXT_FILE = "{name}：文本文件由加载器直接读取。"
ERR_NO_TEXT = "{name}：没有可提取的文字（空白文档）。"
ERR_PDF_ENCRYPTED = "{name}：PDF 已加密（设有打开密码），无法读取。请去除密码后再上传。"
ERR_PDF_BROKEN = "{name}：PDF 文件已损坏，无法打开（{error}）。"
ERR_PDF_NO_PAGES = "{name}：PDF 没有页面。"
ERR_PDF_NEEDS_OCR = "{name}：第 {page} 页是扫描图像，需要文字识别，但{missing}。"
ERR_PDF_OCR_TIMEOUT = (
    "{name}：第 {page} 页文字识别超时（每页限 {seconds} 秒），已停止识别。请检查该页扫描图像是否异常，"
    "或调大设置 REPORTQA_INDEX__OCR_PAGE_TIMEOUT。"
)
ERR_PDF_PAGE = "{name}：第 {page} 页无法读取（{error}）。"
ERR_DOCX_BROKEN = "{name}：Word 文档已损坏，无法打开（{error}）。"
ERR_HTML_BROKEN = "{name}：网页无法解析（{error}）。"
ERR_HTML_NO_BODY = "{name}：网页中没有找到正文。"

# --- what OCR lacks (pdf.py), completing ERR_PDF_NEEDS_OCR
OCR_NOT_INSTALLED = "未安装 Tesseract OCR（Debian：apt-get install tesseract-ocr tesseract-ocr-chi-sim）"
OCR_NO_LANGUAGE = "Tesseract 缺少语言数据 {lang}（Debian：apt-get install tesseract-ocr-chi-sim）"
OCR_BROKEN = "Tesseract 无法运行（{error}）"

# --- what a date was inferred from (Article.date_basis)
BASIS_DATELINE = "正文日期行“{line}”"
BASIS_PAGE_HEADER = "版面日期行“{line}”"
BASIS_PDF_METADATA = "PDF 元数据（创建日期）"
BASIS_HTML_METADATA = "网页元数据"
