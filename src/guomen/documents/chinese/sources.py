"""Where the facts in this package come from, and what we had to assume.

``SOURCES`` are public documents (NIA/MPS notices, laws, ICAO Doc 9303, Wikipedia, public
reader implementations read for facts only: no code was copied). Secondary sources are marked.
``ASSUMPTIONS`` lists, verbatim, every fact we could not find in a public source; it is meant to
be copied into the README.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    where: str
    secondary: bool = False


SOURCES: dict[str, Source] = {
    "icao_9303": Source(
        "ICAO Doc 9303, 8th ed. (2021): Part 4 (TD3, document code P + one character at the "
        "issuing state's discretion), Part 5 (TD1, codes A/C/I), Part 7 (visas MRV-A/MRV-B, code "
        "V)",
        "https://www.icao.int/publications/pages/publication.aspx?docnum=9303",
    ),
    "passport_law_2007": Source(
        "中华人民共和国护照法 (2007): arts. 3-5 passport types; art. 7 ordinary passports valid 5 "
        "years under 16, 10 years from 16; art. 9 diplomatic/service validity set by the MFA",
        "http://www.npc.gov.cn (Passport Law of the PRC)",
    ),
    "gz_psb_2024": Source(
        "广州市公安局 “境境”小讲堂 2024-02-19: ordinary passport numbers have 9 characters; G "
        "became E with the 2012 e-passport; then E + a letter A-Z without I and O + 7 digits",
        "https://gaj.gz.gov.cn/zwfw/ywtd/crjimmigration/crjzx/content/post_9496059.html",
    ),
    "cwdbkk": Source(
        "Chinese web summary of passport number prefixes: PE/P. official ordinary, SE/S./S "
        "service, DE diplomatic; E + letter + 7 digits from 2017-04-05",
        "https://www.cwdbkk.com/html_2/chongwuchuguo/4933/list/8.html",
        secondary=True,
    ),
    "nia_2018_eep": Source(
        "国家移民管理局 2018-12-10 “电子往来港澳通行证号码编制规则调整”: card since May 2014, C + "
        "8 digits; then C + a letter (no I, O) + 7 digits, first number CA0000001",
        "gov.cn/fuwu/2018-12/10/content_5347351.htm (NIA website, mirrored)",
    ),
    "wiki_eep": Source(
        "Wikipedia, Exit-Entry Permit for Travelling to and from Hong Kong and Macau: card since "
        "2014 (Guangdong 20 May, nationwide 15 Sept); 5 years under 16, 10 years from 16",
        "https://en.wikipedia.org/wiki/Exit-Entry_Permit_for_Travelling_to_and_from_Hong_Kong_and_Macau",
    ),
    "chinadaily_2014_eep": Source(
        "China Daily 2014-09-10: electronic permit cards, 10 years for adults, 5 years for "
        "minors; endorsements in the chip, remaining trips can be queried",
        "http://www.chinadaily.com.cn/china/2014-09/10/content_18577130.htm",
    ),
    "eep_mrz_readers": Source(
        "Public reader implementations of the permit card MRZ (facts only): "
        "DAC8811/QinLin_PassportReader utils_zhangdi.cpp (one-line 往来港澳/台湾通行证, "
        "three-line 回乡证/台胞证 checks); an open-source OCR service README stating the CS "
        "layout was checked against an MPS specimen (CS, 台胞证 code CT, 往来台湾通行证 numbers "
        "L/T + 8 digits); reader constants naming CS and CD",
        "github.com/DAC8811/QinLin_PassportReader and code search of public repositories",
        secondary=True,
    ),
    "bondi_issue_7": Source(
        "rgex/bondi-androidpassport-reader issue #7: the permit chip reports document type CS and "
        "its data does not sit in ICAO TD1 positions",
        "https://github.com/rgex/bondi-androidpassport-reader/issues/7",
        secondary=True,
    ),
    "mps_2010_mtp": Source(
        "公安部出入境管理局 “港澳居民来往内地通行证号码规则” (中新网 2010-03-10): 1999 card, 11 "
        "characters, H (Hong Kong) / M (Macao) + 8-digit lifelong number + 2-digit renewal count "
        "from 00; valid 10 years from 18, 3 years under 18",
        "https://www.chinanews.com/gn/news/2010/03-10/2162152.shtml",
    ),
    "mtp_card_2013": Source(
        "Wikipedia, Mainland Travel Permit for Hong Kong and Macao Residents: current card since "
        "2013; 10 years from 18, 5 years under 18",
        "https://en.wikipedia.org/wiki/Mainland_Travel_Permit_for_Hong_Kong_and_Macao_Residents",
    ),
    "nia_2024_mtp_nc": Source(
        "江苏出入境 / 常州外办 2024-07-01: permit for non-Chinese permanent residents, "
        "9-character lifelong number, HA (Hong Kong) / MA (Macao)",
        "https://wsb.changzhou.gov.cn/html/wsb/2024/MDIDJFOQ_0701/6321.html",
    ),
    "chinanews_2008_tbz": Source(
        "中新网 2008-09-12: from 2008-09-25 台胞证 numbers are an 8-digit lifelong number; issue "
        "count and authority code moved elsewhere on the data page",
        "chinataiwan.cn / 中新网 2008-09-12",
    ),
    "wiki_mtp_tw": Source(
        "Wikipedia, Mainland Travel Permit for Taiwan Residents: ICAO-sized card since 2015, "
        "valid 5 years",
        "https://en.wikipedia.org/wiki/Mainland_Travel_Permit_for_Taiwan_Residents",
    ),
    "chinatimes_2016_tw_permit": Source(
        "中时电子报 2016-12-25: electronic 往来台湾通行证 card (Fujian from 2016-12-26), "
        "endorsements printed on the back, 10 years for adults, 5 years under 16",
        "https://www.chinatimes.com (2016-12-25)",
    ),
    "tw_permit_numbers": Source(
        "往来台湾通行证 numbers L + 8 digits (card) and T + 8 digits: public code and READMEs",
        "code search of public repositories",
        secondary=True,
    ),
    "hkm_endorsements": Source(
        "Summaries of the MPS endorsement rules for Hong Kong/Macao: types G 个人旅游, L "
        "团队旅游, T 探亲, S 商务, D 逗留, Q 其他; 3 months or 1 year; one, two or multiple "
        "trips; 7 or 14 days",
        "http://www.51kyj.net/z/art/3720 ; https://m.liuqiuyi.com/yimin/128717.html",
        secondary=True,
    ),
    "nia_2024_multi_entry": Source(
        "国家移民管理局 2024-11-29: Shenzhen residents 1-year unlimited individual tourism to "
        "Hong Kong (一签多行) from 2024-12-01; Zhuhai 一周一行 for Macao (once per natural week) "
        "and Hengqin 一签多行 for Macao from 2025-01-01; at most 7 days per stay",
        "https://passiontimes.hk/article/11-29-2024/132110 (reporting the NIA notice)",
    ),
    "tw_endorsements": Source(
        "Local exit-entry guides (长沙, 烟台): Taiwan endorsement types L G T D Y F X C Q with "
        "6-month single or 1/2/3-year multiple validity; one guide also lists J",
        "http://shbk.net/techan/2206.html ; http://zuomama.com/baike/techan/1305597.html",
        secondary=True,
    ),
    "visa_regulation_2013": Source(
        "中华人民共和国外国人入境出境管理条例 (State Council Order 637, in force 2013-09-01), "
        "art. 6: 12 ordinary visa categories; Exit-Entry Administration Law art. 16: diplomatic, "
        "courtesy, service and ordinary visas; art. 30: residence permit within 30 days for the "
        "visas marked",
        "http://www.gov.cn (Order 637); Xinhua 2013-07-22",
    ),
    "tencent_ocr_specimen": Source(
        "Tencent Cloud OCR specimen of a permit: valid 2018.10.09-2028.10.08 (expiry the day "
        "before the anniversary), number C00000000",
        "https://cloud.tencent.com/document/api/866/43105",
        secondary=True,
    ),
}


@dataclass(frozen=True, slots=True)
class Assumption:
    key: str
    text: str


ASSUMPTIONS: tuple[Assumption, ...] = (
    Assumption(
        "passport_document_code",
        "PRC passports: Doc 9303 lets the issuing state choose the character after P in the MRZ "
        "document code, and we found no official statement of what China prints (Chinese MRZ "
        "scanner apps show a POCHN mask for ordinary passports). We accept P or PO for ordinary, "
        "P/PO/PS for official ordinary, P/PS for service and P/PD for diplomatic passports, "
        "decide the passport kind from the number series (E/G ordinary, PE official ordinary, "
        "SE/S service, DE diplomatic), and report any other code as a warning "
        "(document_code_unexpected), never as an error.",
    ),
    Assumption(
        "public_affairs_numbers",
        "Number series of the public-affairs passports (PE + 7 digits official ordinary; SE + 7 "
        "digits and the older S + 8 digits service; DE + 7 digits diplomatic) come from secondary "
        "Chinese web pages, not from an MFA notice. The dotted forms (P./S. + 7 digits) cannot be "
        "written in an MRZ and are not accepted.",
    ),
    Assumption(
        "public_affairs_validity",
        "The validity of diplomatic, service and official ordinary passports is set by the "
        "Ministry of Foreign Affairs (Passport Law art. 9) and not published as a rule; no "
        "validity period is checked for them.",
    ),
    Assumption(
        "eep_mrz_layout",
        "往来港澳通行证 card (2014): the MRZ is one line of 30 characters, not ICAO TD1. From "
        "public reader implementations (one states it was checked against an MPS specimen): [0,2) "
        "code CS, [2,11) number, [11] check, [13,19) expiry YYMMDD, [19] check, [21,27) birth "
        "date, [27] check, [29] composite check over [2,12)+[13,20)+[21,28), ICAO 7-3-1 check "
        "digits. We assume positions 12, 20 and 28 are fillers (<). The line has no name, sex or "
        "nationality.",
    ),
    Assumption(
        "taiwan_permit_layout",
        "往来台湾通行证 card (2016): we assume the one-line layout of the 往来港澳通行证 with "
        "document code CD; public readers treat it so, none confirms it with a specimen.",
    ),
    Assumption(
        "taiwan_permit_numbers",
        "往来台湾通行证 numbers are L + 8 digits (card) or T + 8 digits, from secondary sources; "
        "no NIA notice was found.",
    ),
    Assumption(
        "mtp_mrz_layout",
        "港澳居民来往内地通行证 (2013 card) and 台湾居民来往大陆通行证 (2015 card): the MRZ is "
        "three lines of 30 characters, not ICAO TD1. From a public reader implementation: line 1 "
        "[0,2) code, [2,11) number (8-digit Taiwan numbers padded with <), [11] check, [12,14) "
        "renewal count (换证次数), [14] check, [15,21) expiry, [21] check, [22] sex, [23,29) "
        "birth date, [29] check; line 2 [19,29) the holder's Hong Kong/Macao/Taiwan identity card "
        "number, [29] composite check over line 1 [2,22)+[23,30) and line 2 [19,29); line 3 the "
        "name as SURNAME<<GIVEN<NAMES (Taiwan: [0,26), then a 4-character issuing authority "
        "code). Line 2 [0,19) (believed to hold the encoded Chinese name) is not interpreted. The "
        "document code CT (Taiwan residents) is named by one public source; CR (Hong Kong and "
        "Macao residents) is our assumption. These permits are classified by layout and number, "
        "never by the code letter.",
    ),
    Assumption(
        "mtp_numbers",
        "Since the 2013 card the 回乡证 number is H/M + the 8-digit lifelong number (9 "
        "characters) with the renewal count in its own field; the 1999 card printed 11 characters "
        "(MPS 2010 rule) and every such card has expired (legacy series).",
    ),
    Assumption(
        "non_chinese_mtp",
        "The 2024 回乡证 for non-Chinese permanent residents (HA/MA + 7 digits) is assumed to use "
        "the 回乡证 card MRZ layout; no validity rule was found for it and none is checked.",
    ),
    Assumption(
        "validity_age",
        "The age that selects a validity period is taken at the issue date; a holder who reached "
        "the age limit up to 60 days before issue may hold either period (the application came "
        "first).",
    ),
    Assumption(
        "expiry_day",
        "A document valid N years expires on the day before the N-year anniversary of its issue "
        "date (specimen: 2018.10.09-2028.10.08); the anniversary itself is also accepted.",
    ),
    Assumption(
        "hkm_endorsement_offerings",
        "Hong Kong/Macao endorsement offerings come from secondary summaries of MPS rules: G and "
        "L for 3 months or 1 year, one or two trips, 7 days a stay (plus the NIA 2024 one-year "
        "multiple and once-a-week offerings); S for 3 months one or multiple trips or 1 year "
        "multiple, 7 days; T for 3 months one trip (14 days) or 3 months/1 year multiple (90 "
        "days); Q for 3 months or 1 year, one or two trips, 14 days; D multiple, validity and "
        "stay as approved by Hong Kong or Macao (not modelled: no stay limit).",
    ),
    Assumption(
        "tw_endorsement_stay",
        "Taiwan endorsements do not limit the stay: Taiwan's entry permit (入台证) does, so no "
        "stay limit is modelled. Code J (居留/依亲, 3-year multiple) is named by one secondary "
        "source only.",
    ),
    Assumption(
        "stay_counting",
        "A stay of N days counts the day of entry as day 1: the holder must leave by entry date + "
        "N - 1 days. The 90 days of multiple family-visit endorsements are counted per trip; the "
        "rule some summaries give (90 days from the first entry) needs movement records.",
    ),
    Assumption(
        "trip_counting",
        "A trip is counted when the holder leaves the mainland for the destination; the return "
        "does not use a trip.",
    ),
    Assumption(
        "visa_mrz",
        "Chinese visas are read as ICAO MRV (document code V, issuing state CHN). Whether the "
        "category appears in the MRZ is not published: the category comes from the visual zone, "
        "and the second letter of the document code is reported only as a hint "
        "(visa_category_hint) when it is a one-letter category.",
    ),
    Assumption(
        "other_states_numbers",
        "HKSAR and Macao SAR passports are recognised by issuing state HKG/MAC; their number "
        "formats, and those of every other state, are not checked, and such numbers are only "
        "normalised (upper case, no separators), never OCR-corrected.",
    ),
    Assumption(
        "permit_issuing_state",
        "Permit MRZs carry no issuing state or nationality; classified permits get issuing state "
        "CHN (the NIA issues them).",
    ),
)


def assumption(key: str) -> Assumption:
    return next(item for item in ASSUMPTIONS if item.key == key)
