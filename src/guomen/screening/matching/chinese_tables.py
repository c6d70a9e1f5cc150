"""Tables for Chinese names (data only; the logic is in ``chinese``). Sources are named per table.

Everything here is a public fact about Chinese names and their romanisations; nothing is copied
from another project's data files.
"""

from __future__ import annotations

from guomen.screening.matching.text import table_words

# Hanyu Pinyin syllables without tones (GB/T 16159-2012 syllable table; ü written v as pypinyin
# does). Checked against the readings in pypinyin's character dictionary; interjections
# (m, n, ng, hm, hng, ê) left out because no name uses them.
PINYIN_SYLLABLES = frozenset(
    table_words(
        """
        a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai
        can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua
        chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de
        dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er
        fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua
        guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai
        huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka
        kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan
        lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo
        lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na
        nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan
        nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi
        qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri
        rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang
        shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou
        su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan
        tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong
        xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai
        zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou
        zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
        """
    )
)

# Mainland surnames, most common first: approximately the order of the Ministry of Public
# Security's national name report (公安部户政管理研究中心《二〇二〇年全国姓名报告》) for the first
# hundred, then the common surnames of the 百家姓 family lists. Only the order matters (tiers).
SURNAMES_BY_FREQUENCY = (
    "王李张刘陈杨黄赵吴周徐孙马胡朱郭何罗高林郑梁谢唐许冯宋韩邓彭曹曾田于肖潘袁董叶杜丁蒋程余"
    "吕魏蔡苏任卢沈姜姚钟崔陆谭汪石付贾范金方韦夏廖侯白孟邹秦尹江熊薛邱闫段雷季史陶毛贺龙万顾"
    "关郝孔向龚邵钱武严覃戴莫黎常汤易康乔赖文施洪牛辛樊葛邢安齐伍庞颜倪聂章鲁岳翟殷詹申欧耿兰焦"
    "俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单裴霍涂成苗谷盛曲翁冉骆蓝路游靳管柴蒙鲍华喻祁蒲房滕屈饶"
    "解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬"
    "边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原"
    "栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计"
    "索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕"
    "危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由傅萧萨"
)

# Surnames read differently from the character's common reading (现代汉语词典 surname readings;
# the examples of the issue): pypinyin alone gives 单 dan, 曾 ceng, 区 qu …
SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "区": "ou",
    "區": "ou",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "盖": "ge",
    "蓋": "ge",
    "乐": "yue",
    "樂": "yue",
    "覃": "qin",
    "缪": "miao",
    "繆": "miao",
    "翟": "zhai",
    "秘": "bi",
    "种": "chong",
    "召": "shao",
    "繁": "po",
    "员": "yun",
    "句": "gou",
    "能": "nai",
    "宓": "fu",
    "长": "zhang",
    "藏": "zang",
    "折": "she",
    "阚": "kan",
    "逄": "pang",
    "隗": "wei",
    "乜": "nie",
    "都": "du",
    "柏": "bai",
    "薄": "bo",
    "沈": "shen",
    "曲": "qu",
    "尉": "wei",
}

# Compound (two-character) surnames: Han → pinyin syllables (百家姓 复姓).
COMPOUND_SURNAMES = {
    "欧阳": ("ou", "yang"),
    "歐陽": ("ou", "yang"),
    "司马": ("si", "ma"),
    "司馬": ("si", "ma"),
    "诸葛": ("zhu", "ge"),
    "諸葛": ("zhu", "ge"),
    "上官": ("shang", "guan"),
    "东方": ("dong", "fang"),
    "東方": ("dong", "fang"),
    "皇甫": ("huang", "fu"),
    "尉迟": ("yu", "chi"),
    "尉遲": ("yu", "chi"),
    "公孙": ("gong", "sun"),
    "公孫": ("gong", "sun"),
    "慕容": ("mu", "rong"),
    "夏侯": ("xia", "hou"),
    "令狐": ("ling", "hu"),
    "司徒": ("si", "tu"),
    "司空": ("si", "kong"),
    "端木": ("duan", "mu"),
    "长孙": ("zhang", "sun"),
    "長孫": ("zhang", "sun"),
    "宇文": ("yu", "wen"),
    "轩辕": ("xuan", "yuan"),
    "軒轅": ("xuan", "yuan"),
    "澹台": ("tan", "tai"),
    "南宫": ("nan", "gong"),
    "南宮": ("nan", "gong"),
    "闻人": ("wen", "ren"),
    "聞人": ("wen", "ren"),
    "赫连": ("he", "lian"),
    "赫連": ("he", "lian"),
    "钟离": ("zhong", "li"),
    "鍾離": ("zhong", "li"),
    "呼延": ("hu", "yan"),
    "万俟": ("mo", "qi"),
    "萬俟": ("mo", "qi"),
    "申屠": ("shen", "tu"),
    "公冶": ("gong", "ye"),
    "淳于": ("chun", "yu"),
    "单于": ("chan", "yu"),
    "西门": ("xi", "men"),
    "西門": ("xi", "men"),
    "拓跋": ("tuo", "ba"),
}

# Latin spellings of compound surnames written as one word or two (Hong Kong spellings from
# the Hong Kong government romanisation: 歐陽 Au Yeung, 司徒 Szeto, 司馬 Sze Ma / Seema).
LATIN_COMPOUND_SURNAMES = {
    "ouyang": ("ou", "yang"),
    "auyeung": ("ou", "yang"),
    "auyoung": ("ou", "yang"),
    "auyong": ("ou", "yang"),
    "sima": ("si", "ma"),
    "szema": ("si", "ma"),
    "seema": ("si", "ma"),
    "situ": ("si", "tu"),
    "szeto": ("si", "tu"),
    "seto": ("si", "tu"),
    "zhuge": ("zhu", "ge"),
    "shangguan": ("shang", "guan"),
    "dongfang": ("dong", "fang"),
    "huangfu": ("huang", "fu"),
    "yuchi": ("yu", "chi"),
    "gongsun": ("gong", "sun"),
    "murong": ("mu", "rong"),
    "xiahou": ("xia", "hou"),
    "linghu": ("ling", "hu"),
    "sikong": ("si", "kong"),
    "duanmu": ("duan", "mu"),
    "zhangsun": ("zhang", "sun"),
    "yuwen": ("yu", "wen"),
    "xuanyuan": ("xuan", "yuan"),
    "nangong": ("nan", "gong"),
    "zhongli": ("zhong", "li"),
    "huyan": ("hu", "yan"),
    "chunyu": ("chun", "yu"),
}

# Surname spellings of southern varieties used in Singapore, Malaysia, Indonesia and older
# Hong Kong/Taiwan records (Hokkien, Teochew, Hakka, Hainanese) → the Mandarin surname(s).
# From the romanised-surname columns of public surname lists (e.g. Singapore's and Malaysia's
# common surname tables on Wikipedia "List of common Chinese surnames").
SOUTHERN_SURNAMES = {
    "tan": ("chen",),
    "lim": ("lin",),
    "ng": ("huang", "wu"),
    "wee": ("huang",),
    "oei": ("huang",),
    "teo": ("zhang", "zhao"),
    "tiong": ("zhang",),
    "tio": ("zhang",),
    "tay": ("zheng",),
    "tee": ("zheng",),
    "teh": ("zheng",),
    "ong": ("wang",),
    "heng": ("wang",),
    "goh": ("wu",),
    "chua": ("cai",),
    "chuah": ("cai",),
    "yeo": ("yang",),
    "yeoh": ("yang",),
    "koh": ("xu", "gao"),
    "khoo": ("qiu", "xu"),
    "quek": ("guo",),
    "kwek": ("guo",),
    "kok": ("guo",),
    "chia": ("xie",),
    "seah": ("xie", "she"),
    "sia": ("xie",),
    "ang": ("hong",),
    "chew": ("zhou",),
    "chee": ("xu", "qian"),
    "soh": ("su",),
    "yap": ("ye",),
    "loh": ("luo",),
    "toh": ("zhuo", "du"),
    "sim": ("shen",),
    "chng": ("zhuang",),
    "ee": ("yu",),
    "oh": ("hu",),
    "beh": ("ma",),
    "siew": ("xiao",),
    "sng": ("sun",),
    "neo": ("liang",),
    "phua": ("pan",),
    "teng": ("ding", "deng"),
    "phang": ("peng",),
    "tng": ("tang",),
    "giam": ("yan",),
    "lok": ("lu",),
    "gwee": ("wei",),
    "png": ("fang",),
    "low": ("liu",),
    "liew": ("liu",),
    "leow": ("liao",),
    "liaw": ("liao",),
    "chong": ("zhang", "zhong"),
    "cheong": ("zhang",),
    "kang": ("jiang",),
    "yong": ("yang",),
    "pang": ("feng", "peng"),
    "foo": ("fu",),
    "poh": ("fu",),
    "aw": ("ou",),
    "kwa": ("ke",),
    "kua": ("ke",),
    "boey": ("mei",),
    "see": ("shi",),
    "lye": ("lai",),
    "chiam": ("zhan",),
    "lee": ("li",),
    "woo": ("hu", "wu"),
    # Hong Kong and Macau spellings in common use beyond the first spelling of each reading:
    "shum": ("shen", "cen"),
    "law": ("luo",),
    "lum": ("lin",),
    "chow": ("zhou", "zou"),
    "tsoi": ("cai",),
    "cheang": ("zheng",),
    "mah": ("ma",),
    "koo": ("gu", "gao"),
    "pau": ("bao",),
    "yee": ("yu", "yi"),
    "ip": ("ye",),
    "poon": ("pan",),
    "kwong": ("kuang",),
    "fok": ("huo",),
    "wun": ("huan",),
}

# Syllables of given names in southern romanisations that no Mandarin or Cantonese table above
# produces (Goh Chok Tong 吴作栋, Teo Chee Hean 张志贤): accepted as Chinese syllables.
SOUTHERN_GIVEN_SYLLABLES = frozenset(
    table_words(
        """
        hean hian boon seng kiat hock swee beng huat keng teck yew kheng hup soon chuan guan
        hiang eng kim tiong siang hwee giok lay bee geok kiang leng meng siong thong tuan joo
        choon guat kwang siew tze cheok chok ek kee kia kian kiong lian sin tian wan wei
        """
    )
)

# Given-name syllables that are far more common than others (the characters at the top of the
# MPS name reports: 伟 芳 娜 敏 静 秀 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 兰 霞 平 刚 桂 …).
COMMON_GIVEN_SYLLABLES = frozenset(
    table_words(
        """
        wei fang na min jing xiu li qiang lei jun yang yong yan jie juan tao ming chao lan xia
        ping gang gui hua yu hong ying ling mei hui bo bin hai dan ning fei xin yi jian feng hao
        yun zhi xiao jia qing wen long kai chen rui yue xue shan lin tian kang bing cheng guo de
        zi hui yuan ting lu zhen han jin xuan zhong an ni shu qian ru fu bao rong
        """
    )
)

# Korean given-name syllables (Revised and McCune-Reischauer romanisation) that no Chinese
# romanisation in these tables produces, and common Korean given names whose syllables happen to
# be valid pinyin. A name containing one is not taken for a Chinese name.
KOREAN_SYLLABLES = frozenset(
    table_words(
        """
        hyun hyeon hye jae eun seung yeon yeong young joon joong seok sook hee yoon yoo kyu
        kyung hwan hwi ram seul gyu gyeong jeong jeon hoon cheol chul sik woong yeol ryu rhee
        kyo bum beom soo sul gil deok duk bok myung myeong byung byeong ahn
        """
    )
)
KOREAN_GIVEN_NAMES = frozenset(
    table_words(
        """
        minho minjun jisung minsoo jihoon dongseok woojin seojun dohyun hajun jiho yejun minseo
        seoyeon jiwoo hyunwoo jimin
        """
    )
)
KOREAN_SURNAMES = frozenset({"kim", "park", "bak", "pak", "rhee", "jeong", "kwon", "gwon"})

# Vietnamese name syllables that no Chinese romanisation here produces (Nguyễn, Trần, Phạm …).
VIETNAMESE_SYLLABLES = frozenset(
    table_words(
        """
        nguyen tran pham hoang huynh phan vo thi anh minh duc thanh dinh truong dat ngoc phuong
        thuy khanh quang
        """
    )
)

# Japanese surnames common enough to recognise a Japanese name written in kanji (the most
# common surnames of Japan: 佐藤 鈴木 高橋 田中 …; public rankings such as myoji-yurai).
JAPANESE_SURNAMES = frozenset(
    table_words(
        """
        佐藤 鈴木 高橋 田中 伊藤 渡辺 渡邊 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上
        木村 斎藤 斉藤 清水 山崎 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田
        後藤 近藤 村上 遠藤 青木 坂本 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦 原田 中川 松田
        竹内 小野 田村 中山 和田 石田 森田 上田 内田 柴田 酒井 宮崎 横山 高木 安藤 宮本 大野 小島
        谷口 今井 工藤 高田 増田 丸山 杉山 村田 大塚 新井 小山 平野 藤本 河野 上野 野口 武田 松井
        千葉 岩崎 菅原 木下 久保 佐野 野村 松尾 菊地 杉本 市川 古川 大西 島田 水野 桜井 高野 渡部
        吉川 山内 西田 飯田 菊池 西川 小松 北村 安田 五十嵐 川口 平田 中田 久保田 服部 岩田 土屋
        川崎 福島 本田 樋口 秋山 田口 永井 山中 中西 吉村 川上 石原 大橋 松岡 馬場 浅野 荒木
        大久保 野田 小沢 熊谷 松下 豊田 徳川 織田 源 平 鳩山 安倍 岸田 菅 麻生 小泉
        """
    )
)
