"""Every sentence the assistant writes around the quoted report text (Chinese), in one place."""

ERR_EMPTY_QUESTION = "问题不能为空，请输入您想了解的内容。"
ERR_QUESTION_TOO_LONG = "问题过长（{n} 字），请精简到 {limit} 字以内。"

ATTRIBUTION = "据《{title}》{date}："
DATE = "（{date}）"
MULTI_REPORT_INTRO = "相关报道的说法如下："
FIGURES_DIFFER = "不同报道给出的数字不同：各报道发表时间不同，数字以各自报道时的情况为准。"

REFUSE_MISSING_TERMS = "抱歉，现有报道中没有关于“{terms}”的内容，无法回答这个问题。"
REFUSE_NO_SUPPORT = "抱歉，现有报道中没有找到能回答这个问题的内容。"
REFUSE_NOT_FOR = "抱歉，现有报道没有说到{what}的情况，无法回答这个问题。"
REFUSE_NO_MEASURE = "抱歉，相关报道没有给出“{what}”的数字，无法回答这个问题。"
REFUSE_NO_UNIT = "抱歉，相关报道没有给出以“{unit}”计的数字，无法回答这个问题。"
REFUSE_NO_OFFICE = "抱歉，相关报道没有说到“{what}”是谁，无法回答这个问题。"
RELATIVE_YEAR_NOTE = "简短回答中的“{word}”按报道日期（{date}）推算为{year}年。"
REFUSE_NO_EVENT = "抱歉，相关报道没有说到“{what}”的时间，无法回答这个问题。"
REFUSE_NO_KIND = "抱歉，相关报道没有给出所问的{kind}，无法回答这个问题。"
REFUSE_NO_INSTITUTION = "抱歉，相关报道没有说到是{which}，无法回答这个问题。"  # which: 哪所大学
YEAR_NAME = "年份"
KIND_NAMES = {
    "number": "具体数字",
    "date": "具体时间",
    "person": "具体人名",
    "place": "具体地点",
    "org": "具体单位名称",
}
REFUSE_NOT_TOGETHER = "抱歉，现有报道中没有找到能回答这个问题的内容（没有报道同时说到“{terms}”）。"
# a refusal may point at the nearest passage, set apart so it is never read as the answer
NEAREST = "\n——以下内容并未回答所提问题，仅供参考——\n{quote}[1]"
NEAREST_NOTE = "所附引用不能回答所提问题，仅供参考。"
# a question in another language shares no words with the reports: its quotes are chosen by meaning alone
CROSS_LINGUAL_NOTE = (
    "问题不是中文，引文仅按语义相近选出，未能逐词核对是否回答了问题，请核对原文；用中文提问可得到更可靠的答案。"
)
ERR_BAD_JSONL_LINE = "无法读取这一行：{error}"

# --- generative answering (an LLM backend is configured) ---
LLM_SYSTEM = """你是政府工作人员使用的报道问答助手。只能根据下面编号的报道片段回答，不得使用片段以外的任何知识。
要求：
1. 每一句话末尾都必须用 [编号] 标注依据的片段，例如“……达到65个[2]。”；没有片段依据的话不要写。
2. 数字、人名、地名、机构名必须与片段原文完全一致，不要换算、估计或改写。
3. 不同日期的报道给出的数字不同时，分别列出每个数字，并注明报道标题和日期。
4. 如果片段中没有能回答问题的内容，只回答：无法回答
5. 用简洁的中文回答，不超过五句话。"""
LLM_PASSAGE = "[{n}]《{title}》{date}\n{text}"
LLM_USER = "报道片段：\n\n{passages}\n\n问题：{question}"
LLM_CANNOT = "无法回答"
CONDENSE_SYSTEM = "把用户的追问改写成一个不依赖上下文、意思完整的问题。只输出改写后的问题本身，不要回答，不要解释。"
CONDENSE_USER = "之前的问题：\n{history}\n\n追问：{question}\n\n改写后的问题："

LLM_FAILED = "大模型服务暂时不可用（{error}），以下是从报道中直接摘录的回答。"
LLM_UNGROUNDED = "大模型的回答没有可以核实的引用，已改为从报道中直接摘录的回答。"
LLM_DROPPED_SENTENCES = "已删除 {n} 句没有引用依据或数字与引文不符的内容。"
LLM_BAD_NUMBERS = "以下数字在所引报道中找不到，相关句子已删除：{numbers}"
ERR_UNKNOWN_LLM = "未知的大模型后端：{llm}（可选：none、openai、llamacpp）"
ERR_LLAMACPP_MISSING = '本地模型后端需要安装可选依赖：pip install -e ".[llamacpp]"'
ERR_LLAMACPP_NO_MODEL = "请设置 REPORTQA_LLM__MODEL_PATH 为本地 GGUF 模型文件的路径。"

# --- follow-ups that cannot be resolved: ask the user back (Answer.clarify) ---
CLARIFY_PRONOUN = "请问“{word}”指的是哪个机构、项目或人物？对话中还没有提到可以对应的对象，请说出具体名称后再问。"
# an English pronoun after earlier turns: it could not be matched to one of them reliably (a person or a group, or
# the earlier turn was in Chinese)
CLARIFY_ENGLISH_PRONOUN = "请问“{word}”指的是谁或什么？无法确定它对应前面对话中的哪个对象，请说出具体名称后再问。"
CLARIFY_ELLIPSIS = "请问关于“{x}”，您想了解哪方面的情况（时间、数量、负责人……）？前面的对话中没有可以套用的问题，请把问题说完整后再问。"
CLARIFY_ENGLISH_ELLIPSIS = "请问关于“{x}”，您想了解哪方面的情况？前面的对话中没有可以套用的问题，请把问题说完整后再问。"
GREETING = (
    "您好！我根据已收录的报道回答问题，并注明引用出处。请直接输入您想了解的问题，例如某个项目的时间、数量或负责人。"
)
THANKS = "不客气。如有其他问题，请直接输入。"
CLARIFY_FRAGMENT = "这个问题没有说明问的是哪个机构、项目或地方，请补充具体名称后再问。"
FOCUS_NOT_FOUND = "报道中没有找到关于“{focus}”的这项内容。"
FOCUS_NOT_FOUND_COUNT = "报道中没有找到关于“{focus}”的这项内容；上一问中其他对象的数字不能用来回答。"
ERR_BAD_CHARACTERS = "内容包含无法识别的字符（不完整的 Unicode 编码），请检查后重新输入。"


def date_note(date: str | None) -> str:
    """A report's date as written after its title (DATE); nothing when the report has none."""
    return DATE.format(date=date) if date else ""


# --- a question that asks two things at once: each part answered under its own heading (assistant/compound.py) ---
PART_HEADING = "（{n}）{question}"
THIS_QUESTION = "这个问题"
THIS_PART = "这一问"
PART_SAME_QUOTES = "见上方引文{refs}。"
