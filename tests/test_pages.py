"""Saved pages -> text: Word's markup, table cells, pages nested deep, what counts as a page.

The snippets marked "from" are copied from real saved pages (the 莆田 crawl archive,
changwu/putian-policy-opening-html, the same pages as /work/shared/realcorpus/*.html); the
tests never read those files.
"""

import time

import pytest

from pipelines.extract.pages import looks_like_markup, page_text
from pipelines.extract.reading import read_report_bytes


def read_page(html: str, encoding: str = "utf-8") -> str:
    return read_report_bytes(html.encode(encoding)).text


def cells(line: str) -> list[str]:
    """A `|` row's cells as the table reader splits them (the trailing `|` closes the row)."""
    assert line.endswith("|")
    return [cell.strip() for cell in line[:-1].split("|")]


# --- Word-exported markup ------------------------------------------------------------------

# From 201_putian_ptsjj_2012.html (莆田市审计局 2012): the article starts with a <div>, not
# <html>; Word left smart-tag namespace declarations as comments, <st1:chsdate> around dates,
# each number in its own <span lang="EN-US">, and an empty <o:p>.
WORD_PARAGRAPH_201 = """<div class=TRS_Editor><p class="MsoNormal"><span>报告中所列的数据时限为\
<!--?xml:namespace prefix = st1 ns = "urn:schemas-microsoft-com:office:smarttags" /-->\
<st1:chsdate w:st="on" isrocdate="False" islunardate="False" day="1" month="1" year="2012">\
<span lang="EN-US">2012</span>年<span lang="EN-US">1</span>月<span lang="EN-US">1</span>日\
</st1:chsdate>至<st1:chsdate w:st="on" isrocdate="False" islunardate="False" day="31" month="12" \
year="2012"><span lang="EN-US">2012</span>年<span lang="EN-US">12</span>月<span lang="EN-US">31\
</span>日</st1:chsdate>止。现将<span lang="EN-US">2012</span>年度政府信息公开工作情况报告如下：\
<span lang="EN-US"><!--?xml:namespace prefix = o ns = "urn:schemas-microsoft-com:office:office" \
/--></span></span></p>
<p class="MsoNormal"><b><span>一、概述</span></b></p>
<p class="MsoNormal"><span lang="EN-US"><o:p></o:p></span></p>"""


def test_a_word_paragraph_reads_as_its_sentence():
    assert read_page(WORD_PARAGRAPH_201) == (
        "报告中所列的数据时限为2012年1月1日至2012年12月31日止。"
        "现将2012年度政府信息公开工作情况报告如下:\n一、概述"
    )


# A page as Word's "Save as Web Page" writes it (realistic, made for this test): conditional
# comments around <xml>, mso- styles, a list number in <![if !supportLists]>, a number split
# over two spans, hidden text, and a table whose blank cell holds only <o:p>&nbsp;</o:p>.
WORD_PAGE = """<html xmlns:v="urn:schemas-microsoft-com:vml" \
xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" \
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=Generator content="Microsoft Word 11">
<!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:View>Print</w:View>
  <w:Zoom>90</w:Zoom>
 </w:WordDocument>
</xml><![endif]-->
<style>
<!--
 p.MsoNormal {mso-style-parent:""; margin:0cm; font-size:10.5pt;
   font-family:"Times New Roman"; mso-fareast-font-family:宋体;}
-->
</style>
</head>
<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>
<div class=Section1 style='layout-grid:15.6pt'>
<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'><span
style='font-family:仿宋_GB2312;mso-hansi-font-family:宋体'>本年共受理政府信息公开申请</span><span
lang=EN-US style='font-family:仿宋_GB2312'>1</span><span lang=EN-US style='font-family:仿宋_GB2312;
mso-bidi-font-family:宋体'>60</span><span style='font-family:仿宋_GB2312'>件，其中</span>\
<st1:chsdate
Year="2021" Month="3" Day="1" IsLunarDate="False" IsROCDate="False" w:st="on"><span
lang=EN-US>2021</span><span>年</span><span lang=EN-US>3</span><span>月</span><span
lang=EN-US>1</span><span>日</span></st1:chsdate><span>以后</span><span
lang=EN-US>7</span><span>件。<o:p></o:p></span></p>
<p class=MsoNormal style='margin-left:21.0pt;text-indent:-21.0pt;mso-list:l0 level1 lfo1'>
<![if !supportLists]><span lang=EN-US style='mso-list:Ignore'>1.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;
</span></span><![endif]><span>当面申请</span><span lang=EN-US>3</span><span>件</span></p>
<p class=MsoNormal><span style='display:none;mso-hide:all'>隐藏的修订文字</span><span
lang=EN-US><o:p>&nbsp;</o:p></span></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0
 style='border-collapse:collapse;mso-yfti-tbllook:480;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
  <td width=200 valign=top style='width:150.0pt;mso-border-alt:solid windowtext .5pt'>
  <p class=MsoNormal><span>行政许可<o:p></o:p></span></p>
  </td>
  <td width=100 valign=top style='width:75.0pt;border-left:none;
  mso-border-left-alt:solid windowtext .5pt'>
  <p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
  </td>
  <td width=100 valign=top style='width:75.0pt;border-left:none'>
  <p class=MsoNormal><span lang=EN-US>3<o:p></o:p></span></p>
  </td>
 </tr>
</table>
</div>
</body>
</html>
"""


def test_a_word_exported_page_keeps_its_text_and_drops_its_markup():
    read = read_report_bytes(WORD_PAGE.encode("gb18030"))
    assert read.encoding == "gb18030"  # as its <meta> says gb2312
    lines = read.text.split("\n")
    assert lines[0] == "本年共受理政府信息公开申请160件,其中2021年3月1日以后7件。"
    assert lines[1] == "1. 当面申请3件"  # the list number Word keeps for other browsers
    assert cells(lines[2]) == ["行政许可", "", "3"]
    assert len(lines) == 3
    for markup in ("mso-", "Print", "90", "隐藏", "<", "o:p", "endif"):
        assert markup not in read.text


def test_inline_elements_never_break_a_number():
    assert page_text("<p><span>1</span><span>60</span>件</p>") == "160件"
    assert page_text("<p><b>1</b><font>6</font><o:p></o:p><i>0</i></p>") == "160"


# From 202_putian_ptstyj_2015.html (莆田市体育局 2015): the editor split numbers across spans
# (201|5, 2|3|3), and the table's header cell too. The crawler's .txt printed each span on its
# own line; the page reads as the report printed it.
SPLIT_NUMBERS_202 = """<p class="p0">　　<span>截止至201</span><span>5</span><span>\
年12月31日，我局201\
</span><span>5</span><span>年度主动公开政府信息</span><span>30</span><span>条，历年累计主动公开政府信息\
的数量为2</span><span>3</span><span>3条，全文电子化达100%。主动公开的政府信息内容主要体现在业务类信息、服务\
类信息等内容。</span></p>
<table>
        <tr>
            <td valign="middle" width="226">
            <p class="p0">　　<span>指标名称</span></p>
            </td>
            <td valign="middle" width="97">
            <p class="p0">　　<span>计量单位</span></p>
            </td>
            <td valign="middle" width="131">
            <p class="p0">　　<span>201</span><span>5</span><span>年度</span></p>
            </td>
            <td valign="middle" width="120">
            <p class="p0">　　<span>历年累计</span></p>
            </td>
        </tr>
        <tr>
            <td valign="middle" width="226">
            <p class="p0">　　<span>主动公开文件数</span></p>
            </td>
            <td valign="middle" width="97">
            <p class="p0">　　<span>条</span></p>
            </td>
            <td valign="middle" width="131">
            <p class="p0">　　<span>30</span></p>
            </td>
            <td valign="middle" width="120">
            <p class="p0">　　<span>233</span></p>
            </td>
        </tr>
</table>"""


def test_numbers_split_over_spans_in_a_real_page():
    assert read_page(SPLIT_NUMBERS_202).split("\n") == [
        "截止至2015年12月31日,我局2015年度主动公开政府信息30条,历年累计主动公开政府信息的数量为233条,"
        "全文电子化达100%。主动公开的政府信息内容主要体现在业务类信息、服务类信息等内容。",
        "指标名称 | 计量单位 | 2015年度 | 历年累计 |",
        "主动公开文件数 | 条 | 30 | 233 |",
    ]


# --- table cells ----------------------------------------------------------------------------

# From 104_putian_ptkjj_2009.html (莆田市科技局 2009): blank cells hold a <p>&nbsp;</p>.
BLANK_CELLS_104 = """<table cellspacing="0" cellpadding="0" border="1"><tbody>
        <tr>
            <td width="65%">
            <p align="left">3.新闻发布会</p>
            </td>
            <td width="15%">
            <p align="center">条</p>
            </td>
            <td width="19%">
            <p align="center">0</p>
            </td>
        </tr>
        <tr>
            <td width="65%">
            <p align="left">4.其他便于公众知晓的方式</p>
            </td>
            <td width="15%">
            <p align="center">条</p>
            </td>
            <td width="19%">
            <p align="center">&nbsp;</p>
            </td>
        </tr>
</tbody></table>"""


def test_a_cell_of_only_nbsp_is_an_empty_cell():
    text = page_text(BLANK_CELLS_104)
    assert text.split("\n") == ["3.新闻发布会 | 条 | 0 |", "4.其他便于公众知晓的方式 | 条 |  |"]
    assert [cells(line) for line in read_page(BLANK_CELLS_104).split("\n")] == [
        ["3.新闻发布会", "条", "0"],
        ["4.其他便于公众知晓的方式", "条", ""],
    ]


@pytest.mark.parametrize(
    "blank",
    [
        "",
        " ",
        "&nbsp;",
        "&nbsp; &nbsp;",
        "\u3000",
        "<p>&nbsp;</p>",
        "<br>",
        "<o:p>&nbsp;</o:p>",
        "<span>&#8203;</span>",
    ],
)
def test_every_kind_of_blank_cell_is_empty(blank):
    assert (
        page_text(f"<table><tr><td>行政许可</td><td>{blank}</td><td>3</td></tr></table>")
        == "行政许可 |  | 3 |"
    )


# From 243_putian_yjglj_2009.html (莆田市安监局 2009) and 201_putian_ptsjj_2012.html: header
# cells of two paragraphs (计量 / 单位), and a cell that opens with Word's <br clear="all">.
SEVERAL_PARAGRAPH_CELLS = """<table cellspacing="0" cellpadding="0" border="1"><tbody><tr>
<td width="341"><p style="LINE-HEIGHT: 1.5" align="center"><b><font style="FONT-SIZE: 20px; \
FONT-FAMILY: 仿宋_GB2312">指 &nbsp;标 &nbsp;名 &nbsp;称</font></b></p></td>
<td width="78"><p style="LINE-HEIGHT: 1.5" align="center"><b><font style="FONT-SIZE: 20px; \
FONT-FAMILY: 仿宋_GB2312">计量</font></b></p><p style="LINE-HEIGHT: 1.5" align="center"><b><font \
style="FONT-SIZE: 20px; FONT-FAMILY: 仿宋_GB2312">单位</font></b></p></td>
<td width="109"><p style="LINE-HEIGHT: 1.5" align="center"><b><font style="FONT-SIZE: 20px; \
FONT-FAMILY: 仿宋_GB2312">年末统计</font></b></p></td>
</tr><tr>
<td width="295"><span lang="EN-US"><br clear="all" />
            </span>
            <p align="center" class="MsoNormal"><span>指<span lang="EN-US"><span> </span></span>标\
<span lang="EN-US"><span> </span></span>名<span lang="EN-US"><span> </span></span>称</span></p>
            </td>
<td width="63"><p align="center" class="MsoNormal"><span>计量单位</span></p></td>
<td width="131"><p align="center" class="MsoNormal"><span lang="EN-US">2012</span><span>年度\
</span></p></td>
</tr></tbody></table>"""


def test_a_cells_paragraphs_are_joined_by_a_space_on_the_rows_line():
    assert page_text(SEVERAL_PARAGRAPH_CELLS).split("\n") == [
        "指 标 名 称 | 计量 单位 | 年末统计 |",
        "指 标 名 称 | 计量单位 | 2012年度 |",
    ]
    assert read_page(SEVERAL_PARAGRAPH_CELLS).split("\n") == [
        "指标名称 | 计量单位 | 年末统计 |",
        "指标名称 | 计量单位 | 2012年度 |",
    ]


def test_br_and_div_inside_a_cell_never_split_the_row():
    page = (
        "<table><tr><td>其中：<br>1.当面申请数</td><td><div>条</div></td>"
        "<td><p>12</p><p>3</p></td><td>4<br/>5<br>6</td></tr></table>"
    )
    assert page_text(page) == "其中： 1.当面申请数 | 条 | 12 3 | 4 5 6 |"


def test_a_bar_inside_a_cell_does_not_make_another_cell():
    assert page_text("<table><tr><td>是|否</td><td>1</td></tr></table>") == "是¦否 | 1 |"


# From the 莆田市审计局 2021 report (changwu/putian-policy-opening-html,
# putian_gov/zfxxgk/bmzfxxgk/ptsjj/zfxxgk/zfxxgknb/202201/1695454/page.html), styles shortened:
# the 2021 template's 表二, merged header cells, and labels split over spans.
TEMPLATE_2021_TABLE = """<div align="center">
<table class="MsoNormalTable" style="width: 487pt; border-collapse: collapse" border="0"
 cellspacing="0">
    <tbody>
        <tr style="height: 17pt">
            <td width="974" valign="middle" style="border-top: windowtext 1pt solid; background: \
rgb(198,217,241)" colspan="4">
            <p align="center" class="MsoNormal" style="text-align: center"><span style="font-size: \
10pt; font-family: 宋体; color: rgb(0,0,0)"><font face="宋体">第二十条第（一）项</font></span></p>
            </td>
        </tr>
        <tr style="height: 17pt">
            <td width="243" valign="middle"><p align="center" class="MsoNormal"><span><font \
face="宋体">信息内容</font></span></p></td>
            <td width="243" valign="middle"><p align="center" class="MsoNormal"><span><font \
face="宋体">本年</font></span><span style="font-size: 10pt"><font face="宋体">\
制发件数</font></span>\
</p></td>
            <td width="243" valign="middle"><p align="center" class="MsoNormal"><span><font \
face="宋体">本年废止件数</font></span></p></td>
            <td width="243" valign="middle"><p align="center" class="MsoNormal"><span><font \
face="宋体">现行有效件</font></span><span style="font-size: 10pt"><font face="宋体">\
数</font></span>\
</p></td>
        </tr>
        <tr style="height: 17pt">
            <td width="243" valign="middle"><p class="MsoNormal" style="text-align: left">\
<span><font \
face="宋体">行政规范性文件</font></span></p></td>
            <td width="243" valign="middle"><p align="center" class="MsoNormal"><span><font \
face="宋体">0</font></span></p></td>
            <td width="243" valign="middle"><p align="center" class="MsoNormal"><span><font \
face="宋体">27</font></span></p></td>
            <td width="243" valign="middle"><p align="center" class="MsoNormal">\
<span style="font-size: \
10.5pt; font-family: 宋体"><font face="Calibri">32</font></span></p></td>
        </tr>
        <tr style="height: 17pt">
            <td width="243" valign="middle"><p align="center" class="MsoNormal"><span><font \
face="宋体">信息内容</font></span></p></td>
            <td width="730" valign="middle" colspan="3"><p align="center" class="MsoNormal">\
<span><font \
face="宋体">本年处理决定数量</font></span></p></td>
        </tr>
    </tbody>
</table>
</div>"""


def test_a_2021_template_table_from_a_real_page():
    assert [cells(line) for line in read_page(TEMPLATE_2021_TABLE).split("\n")] == [
        ["第二十条第(一)项"],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["行政规范性文件", "0", "27", "32"],
        ["信息内容", "本年处理决定数量"],
    ]


def test_the_2021_template_fixture_keeps_its_cell_counts():
    # tests/fixtures/corpus/025_*.html: merged cells printed once, blank header cells kept.
    from tests.conftest import PROJECT_ROOT

    page = next((PROJECT_ROOT / "tests" / "fixtures" / "corpus").glob("025_*.html"))
    lines = read_report_bytes(page.read_bytes()).text.split("\n")
    assert "一、本年新收政府信息公开申请数量 | 13612 | 252 | 0 | 45 | 128 | 32 | 14069 |" in lines
    assert "(三)不予公开 | 1.属于国家秘密 | 13 | 0 | 0 | 0 | 0 | 0 | 13 |" in lines
    assert "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |" in lines
    assert "376 | 97 | 196 | 121 | 790 | 16 | 1 | 12 | 27 | 56 | 74 | 1 | 30 | 51 | 156 |" in lines


def test_layout_tables_print_their_cells_as_blocks():
    page = """<table width="100%"><tr>
      <td class="nav"><a href="/">首页</a></td>
      <td><p>一、总体情况</p><p>本年共受理申请5件。</p>
        <table border="1"><tr><td>行政许可</td><td>3</td></tr></table>
      </td></tr></table>
    <table><tr><td><p>二、主动公开政府信息情况</p><p>主动公开政府信息30条。</p></td></tr></table>"""
    assert page_text(page).split("\n") == [
        "首页",
        "一、总体情况",
        "本年共受理申请5件。",
        "行政许可 | 3 |",
        "二、主动公开政府信息情况",
        "主动公开政府信息30条。",
    ]


def test_a_caption_is_a_line_of_its_own():
    page = "<table><caption>表三</caption><tr><td>行政许可</td><td>3</td></tr></table>"
    assert page_text(page) == "表三\n行政许可 | 3 |"


# --- pages nested deep ----------------------------------------------------------------------


@pytest.mark.parametrize("depth", [300, 3000, 100_000])
@pytest.mark.parametrize("tag", ["div", "span", "font", "table"])
def test_a_page_nested_deep_still_gives_its_text(depth, tag):
    # libxml2 stops building the tree at 256 levels (2048 with huge_tree); Python recursion
    # stops near 1000.
    page = (
        "<html><body>" + f"<{tag}>" * depth + "<p>一、总体情况</p>"
        "<table><tr><td>行政许可</td><td>&nbsp;</td><td>3</td></tr></table>"
        + f"</{tag}>" * depth
        + "<p>二、主动公开政府信息情况</p></body></html>"
    )
    started = time.process_time()
    text = page_text(page)
    assert time.process_time() - started < 10  # CPU seconds: about one
    assert text.split("\n") == ["一、总体情况", "行政许可 |  | 3 |", "二、主动公开政府信息情况"]


def test_deep_unclosed_nesting_is_read_too():
    assert page_text("<div>" * 100_000 + "<p>政府信息公开</p>") == "政府信息公开"


# --- what is a page -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<p>一、总体情况</p>",
        "  \n<div class=TRS_Editor><p>一、总体情况</p></div>",
        "<table><tr><td>行政许可</td><td>3</td></tr></table>",
        "<!DOCTYPE html><html><body>一、总体情况</body></html>",
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        "<p>一、总体情况</p></body></html>",
        "<!-- 正文开始 -->\n<p>一、总体情况</p>",
        "\ufeff<P ALIGN=center>一、总体情况</P>",
        # tags a large share of a text that does not start with one (a crawler's header)
        "标题: 某局2021年政府信息公开工作年度报告\n正文:\n<p>一、总体情况</p>\n"
        "<p>本年共受理申请5件。</p>\n<table><tr><td>行政许可</td><td>3</td></tr></table>",
    ],
)
def test_markup_is_told_by_what_it_is(text):
    assert looks_like_markup(text)


@pytest.mark.parametrize(
    "text",
    [
        "<<中华人民共和国政府信息公开条例>>规定,本机关编制本报告。",
        "<政府信息公开条例>第二十条\n一、总体情况",
        "根据《条例》,当收到申请数a<b时……\n二、主动公开政府信息情况 | 3 |",
        "一、总体情况\n本年<br>共受理申请5件。",  # one stray tag in a text report
        "关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知",
        "<2021>年度报告",
        "",
    ],
)
def test_text_with_stray_angle_brackets_is_not_markup(text):
    assert not looks_like_markup(text)


@pytest.mark.parametrize(
    "page",
    [
        "<p>一、总体情况</p><p>本年共受理申请<span>5</span>件。</p>",
        "<div>一、总体情况<br>本年共受理申请5件。</div>",
        "<table><tr><td>一、总体情况</td></tr><tr><td>本年共受理申请5件。</td></tr></table>",
        '<?xml version="1.0" encoding="gb2312"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 '
        'Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>一、总体情况</title></head>'
        "<body><p>本年共受理申请5件。</p></body></html>",
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_fragments_and_xhtml_are_read_as_pages(page, encoding):
    if encoding == "utf-8" and "gb2312" in page:
        page = page.replace("gb2312", "utf-8")
    read = read_report_bytes(page.encode(encoding))
    assert read.text == "一、总体情况\n本年共受理申请5件。"


def test_the_xml_declaration_gives_an_xhtml_pages_charset():
    page = (
        '<?xml version="1.0" encoding="GB2312"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<body><p>政府信息公开工作年度报告</p></body></html>"
    )
    read = read_report_bytes(page.encode("gb18030"))
    assert (read.encoding, read.text) == ("gb18030", "政府信息公开工作年度报告")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_page_is_read_as_a_page(encoding):
    page = (
        "<html><body><p>一、总体情况</p><table><tr><td>行政许可</td><td>3</td></tr></table>"
        "</body></html>"
    )
    assert read_report_bytes(page.encode(encoding)).text == "一、总体情况\n行政许可 | 3 |"


def test_a_text_report_with_stray_brackets_stays_text():
    text = "<<政府信息公开条例>>规定\n当a<b时,本年共受理申请5件。\n行政许可 | 3 |"
    assert read_report_bytes(text.encode("utf-8")).text == text
