"""Every sentence the assistant writes around the quoted report text (Chinese), in one place."""

ERR_EMPTY_QUESTION = "问题不能为空，请输入您想了解的内容。"
ERR_QUESTION_TOO_LONG = "问题过长（{n} 字），请精简到 {limit} 字以内。"

ATTRIBUTION = "据《{title}》{date}："
DATE = "（{date}）"
MULTI_REPORT_INTRO = "相关报道的说法如下："
FIGURES_DIFFER = "不同报道给出的数字不同：各报道发表时间不同，数字以各自报道时的情况为准。"

REFUSE_MISSING_TERMS = "抱歉，现有报道中没有关于“{terms}”的内容，无法回答这个问题。"
REFUSE_NO_SUPPORT = "抱歉，现有报道中没有找到能回答这个问题的内容。"
NEAREST = "最接近的相关内容是：{quote}[1]"
NEAREST_NOTE = "以下引用仅供参考，并不能回答所提问题。"
ERR_BAD_JSONL_LINE = "无法读取这一行：{error}"
