/*
 * gencust.c - deterministic synthetic customer-archive generator for crm.
 *
 * Purpose: produce large, realistic CSV files for the customer importer's
 * benchmarks and import tests (Chinese names, companies, region codes,
 * addresses).  Output depends only on the options: a private PRNG
 * (splitmix64, integer arithmetic only) is used instead of rand(), so the
 * bytes are identical on every machine and libc.
 *
 * Build:  cc -std=c11 -O2 -Wall -Wextra -o gencust gencust.c
 * Usage:  gencust [-n ROWS] [-s SEED] [-o OFFSET] [-r REGIONS.csv] [-x] [-c]
 *                 > customers.csv
 *
 *   -n ROWS  number of data rows (default 1000; the header is extra).
 *            At most 7854210 (the company-name space); more is refused.
 *   -s SEED  unsigned 64-bit seed (default 1).  Same seed, same bytes.
 *   -o OFFSET  number the rows from OFFSET (default 0): more customers of
 *            the same seed, none of whom is in the file of at most OFFSET
 *            rows made without -o.  Row k is drawn as row OFFSET+k (its
 *            own random draws, mobile and, with -r, county), and the
 *            permuted indexes behind the e-mail numbers and the company
 *            slots are OFFSET + a permutation of [0, ROWS), so mobile,
 *            e-mail and name+company never repeat those of rows
 *            0..OFFSET-1 (a file with another seed gives no such
 *            guarantee: its mobiles are another permutation).  -o 0 is
 *            the default output.  OFFSET + ROWS is bounded like ROWS.
 *   -r FILE  spread rows over every county of FILE (code,name,parent),
 *            round robin (from county OFFSET mod the number of counties).
 *   -x       "Excel export" mode: Chinese header
 *              客户名称,手机,电话,邮箱,性别,出生日期,公司,职务,行业,地区,
 *              详细地址,来源,客户经理
 *            mixed birthday forms (2026-03-05, 2026/3/5, 2026.3.5,
 *            20260305, 2026年3月5日), mobiles sometimes written
 *            "138 1234 5678", "138-1234-5678" or "+86 13812345678",
 *            gender sometimes M/F/male/female, the region sometimes as a
 *            unique name (乌鲁木齐市, 西安市, 昌吉市 ...) instead of a code,
 *            a few empty optional fields (email, birthday, gender), and
 *            deliberate defects, see below.
 *   -c       CRLF line ends (the newline inside a quoted field stays LF,
 *            as Excel writes it).
 *   -h       this help.
 *
 * Default mode: English header
 *   name,mobile,phone,email,gender,birthday,company,title,industry,region,
 *   address,source,owner
 * and every row is valid and unique: mobiles are 1[3-9]x + an 8-digit
 * suffix that is a keyed permutation (Feistel) of the row index, emails end
 * in a per-row unique number or are built from the unique mobile/QQ number,
 * and each company string is an injective function of a permuted company
 * index (up to 3 contacts per company, with distinct names), so mobile,
 * email and name+company never repeat.  Birthdays are ISO dates 1950-2004,
 * gender 男/女, region a real 6-digit GB/T 2260 code from the embedded
 * table, phone "area-local" (e.g. 0991-4512345, 029-88123456) for about
 * 45% of rows and empty otherwise.  No field needs quoting.
 *
 * Defects (-x only): data rows are cut into blocks of 50 (rows 0-49,
 * 50-99, ... counting data rows from 0).  Each complete block holds exactly
 * one defective row, at a seed-dependent position; block b gets defect type
 * b % 10, so every type occurs once per 500 rows (2% in total):
 *   0 salutation instead of a name (王先生, 李女士, 张总, 赵经理)
 *   1 10-digit mobile
 *   2 impossible birthday (1985-02-30, 1990-02-29, 1978-04-31 ...)
 *   3 future birthday (2031-2038)
 *   4 bad email (a@b style, missing @, doubled @)
 *   5 phone without area code (4512345)
 *   6 mobile duplicating that of an earlier (valid) row, possibly written
 *     in another format
 *   7 empty name
 *   8 incomplete: neither mobile nor phone
 *   9 incomplete: address only the city name (西安市)
 * Every other field of a defective row is valid, so each row carries
 * exactly one defect.  Besides, in -x mode the first three non-defective
 * rows from data row 1 on have an address containing a comma, an embedded
 * newline and double quotes respectively (RFC 4180 quoted), so
 * `wc -l` counts one line more than rows + 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char (*g_counties)[7];
static size_t g_ncounties;
static uint64_t g_rowno;

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define CONTACTS_PER_COMPANY 3u
#define MOBILE_SPACE 100000000u /* 8-digit mobile suffix */

/* ------------------------------------------------------------------ */
/* PRNG: splitmix64.                                                   */

static uint64_t fmix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint64_t hash3(uint64_t a, uint64_t b, uint64_t c)
{
    return fmix(a + 0x9e3779b97f4a7c15u * (fmix(b + 0x632be59bd9b4e019u * (fmix(c) + 1)) + 1));
}

typedef struct {
    uint64_t s;
} Rng;

static void rng_seed(Rng *r, uint64_t a, uint64_t b, uint64_t c)
{
    r->s = hash3(a, b, c);
}

static uint64_t rng_next(Rng *r)
{
    r->s += 0x9e3779b97f4a7c15u;
    return fmix(r->s);
}

/* uniform in [0, n), n < 2^32 */
static uint32_t rng_below(Rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Weighted choice.  A table is built once from integer weights: entry i
 * repeated w[i] times, so a pick is a single rng_below() and a lookup. */
typedef struct {
    unsigned char idx[1024];
    uint32_t n;
} Wtab;

static void wtab_init(Wtab *t, const unsigned char *w, int n)
{
    t->n = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < w[i] && t->n < sizeof t->idx; k++)
            t->idx[t->n++] = (unsigned char)i;
}

static uint32_t wtab_pick(Rng *r, const Wtab *t)
{
    return t->idx[rng_below(r, t->n)];
}

/* ------------------------------------------------------------------ */
/* Keyed permutation of [0, n): 4-round Feistel on Z_w x Z_w, w*w >= n, */
/* with cycle walking.                                                  */

typedef struct {
    uint64_t n, w, key[4];
} Perm;

static void perm_init(Perm *p, uint64_t n, uint64_t seed, uint64_t salt)
{
    uint64_t w = 1;
    while (w * w < n)
        w++;
    p->n = n;
    p->w = w;
    for (int r = 0; r < 4; r++)
        p->key[r] = hash3(seed, salt, (uint64_t)r + 1000);
}

static uint64_t perm_apply(const Perm *p, uint64_t x)
{
    const uint64_t w = p->w;
    do {
        uint64_t l = x / w, r = x % w;
        for (int k = 0; k < 4; k++) {
            /* F(r) in [0, w) by multiply-shift (w < 2^32), then l + F mod w */
            uint64_t t = l + (((fmix(r ^ p->key[k]) >> 32) * w) >> 32);
            if (t >= w)
                t -= w;
            l = r;
            r = t;
        }
        x = l * w + r;
    } while (x >= p->n);
    return x;
}

/* ------------------------------------------------------------------ */
/* Embedded data.                                                      */

typedef struct {
    const char *h, *py;
} Hz;

static const Hz SURNAMES[] = {
    {"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"},
    {"杨", "yang"}, {"黄", "huang"}, {"赵", "zhao"}, {"吴", "wu"}, {"周", "zhou"},
    {"马", "ma"}, {"徐", "xu"}, {"孙", "sun"}, {"朱", "zhu"}, {"胡", "hu"},
    {"郭", "guo"}, {"何", "he"}, {"高", "gao"}, {"林", "lin"}, {"罗", "luo"},
    {"郑", "zheng"}, {"梁", "liang"}, {"谢", "xie"}, {"宋", "song"}, {"唐", "tang"},
    {"许", "xu"}, {"韩", "han"}, {"冯", "feng"}, {"邓", "deng"}, {"曹", "cao"},
    {"彭", "peng"}, {"曾", "zeng"}, {"肖", "xiao"}, {"田", "tian"}, {"董", "dong"},
    {"袁", "yuan"}, {"潘", "pan"}, {"于", "yu"}, {"蒋", "jiang"}, {"蔡", "cai"},
    {"余", "yu"}, {"杜", "du"}, {"叶", "ye"}, {"程", "cheng"}, {"苏", "su"},
    {"魏", "wei"}, {"吕", "lv"}, {"丁", "ding"}, {"任", "ren"}, {"沈", "shen"},
    {"姚", "yao"}, {"卢", "lu"}, {"姜", "jiang"}, {"崔", "cui"}, {"钟", "zhong"},
    {"谭", "tan"}, {"陆", "lu"}, {"汪", "wang"}, {"范", "fan"}, {"金", "jin"},
    {"石", "shi"}, {"廖", "liao"}, {"贾", "jia"}, {"夏", "xia"}, {"韦", "wei"},
    {"付", "fu"}, {"方", "fang"}, {"白", "bai"}, {"邹", "zou"}, {"孟", "meng"},
    {"熊", "xiong"}, {"秦", "qin"}, {"邱", "qiu"}, {"江", "jiang"}, {"尹", "yin"},
    {"薛", "xue"}, {"闫", "yan"}, {"段", "duan"}, {"雷", "lei"}, {"侯", "hou"},
    {"龙", "long"}, {"史", "shi"}, {"陶", "tao"}, {"黎", "li"}, {"贺", "he"},
    {"顾", "gu"}, {"毛", "mao"}, {"郝", "hao"}, {"龚", "gong"}, {"邵", "shao"},
    {"万", "wan"}, {"钱", "qian"}, {"严", "yan"}, {"武", "wu"}, {"戴", "dai"},
    {"孔", "kong"}, {"常", "chang"}, {"温", "wen"}, {"康", "kang"}, {"牛", "niu"},
    {"樊", "fan"}, {"葛", "ge"}, {"邢", "xing"}, {"安", "an"}, {"齐", "qi"},
    {"乔", "qiao"}, {"庞", "pang"}, {"颜", "yan"}, {"聂", "nie"}, {"岳", "yue"},
    {"翟", "zhai"}, {"申", "shen"}, {"耿", "geng"}, {"关", "guan"}, {"兰", "lan"},
    {"焦", "jiao"}, {"柳", "liu"}, {"祝", "zhu"}, {"包", "bao"}, {"宁", "ning"},
    {"尚", "shang"}, {"党", "dang"}, {"冉", "ran"}, {"苗", "miao"}, {"靳", "jin"},
};

/* relative frequency: the first 10 surnames are much more common */
static unsigned char surname_w[COUNT(SURNAMES)];

static const Hz GIVEN_M[] = {
    {"伟", "wei"}, {"强", "qiang"}, {"磊", "lei"}, {"军", "jun"}, {"勇", "yong"},
    {"杰", "jie"}, {"涛", "tao"}, {"斌", "bin"}, {"超", "chao"}, {"明", "ming"},
    {"刚", "gang"}, {"平", "ping"}, {"辉", "hui"}, {"鹏", "peng"}, {"华", "hua"},
    {"飞", "fei"}, {"鑫", "xin"}, {"波", "bo"}, {"宇", "yu"}, {"浩", "hao"},
    {"凯", "kai"}, {"健", "jian"}, {"俊", "jun"}, {"帆", "fan"}, {"旭", "xu"},
    {"龙", "long"}, {"峰", "feng"}, {"建", "jian"}, {"国", "guo"}, {"文", "wen"},
    {"志", "zhi"}, {"海", "hai"}, {"东", "dong"}, {"亮", "liang"}, {"成", "cheng"},
    {"立", "li"}, {"新", "xin"}, {"晨", "chen"}, {"博", "bo"}, {"彬", "bin"},
    {"坤", "kun"}, {"振", "zhen"}, {"兵", "bing"}, {"锋", "feng"}, {"毅", "yi"},
    {"忠", "zhong"}, {"江", "jiang"}, {"春", "chun"}, {"德", "de"}, {"庆", "qing"},
    {"学", "xue"}, {"永", "yong"}, {"良", "liang"}, {"宏", "hong"}, {"天", "tian"},
    {"栋", "dong"}, {"家", "jia"}, {"晓", "xiao"}, {"泽", "ze"}, {"睿", "rui"},
    {"轩", "xuan"}, {"瑞", "rui"}, {"林", "lin"}, {"昊", "hao"}, {"胜", "sheng"},
    {"荣", "rong"}, {"祥", "xiang"}, {"山", "shan"}, {"鸿", "hong"}, {"金", "jin"},
};

static const Hz GIVEN_F[] = {
    {"芳", "fang"}, {"娜", "na"}, {"敏", "min"}, {"静", "jing"}, {"丽", "li"},
    {"艳", "yan"}, {"娟", "juan"}, {"霞", "xia"}, {"秀", "xiu"}, {"燕", "yan"},
    {"玲", "ling"}, {"桂", "gui"}, {"丹", "dan"}, {"萍", "ping"}, {"红", "hong"},
    {"琳", "lin"}, {"雪", "xue"}, {"慧", "hui"}, {"婷", "ting"}, {"颖", "ying"},
    {"倩", "qian"}, {"莉", "li"}, {"梅", "mei"}, {"兰", "lan"}, {"琴", "qin"},
    {"云", "yun"}, {"洁", "jie"}, {"晶", "jing"}, {"露", "lu"}, {"瑶", "yao"},
    {"欣", "xin"}, {"悦", "yue"}, {"佳", "jia"}, {"琪", "qi"}, {"雯", "wen"},
    {"璐", "lu"}, {"蕾", "lei"}, {"薇", "wei"}, {"月", "yue"}, {"彤", "tong"},
    {"妍", "yan"}, {"怡", "yi"}, {"晴", "qing"}, {"淑", "shu"}, {"凤", "feng"},
    {"玉", "yu"}, {"英", "ying"}, {"华", "hua"}, {"珍", "zhen"}, {"美", "mei"},
    {"萌", "meng"}, {"晓", "xiao"}, {"思", "si"}, {"梦", "meng"}, {"春", "chun"},
    {"秋", "qiu"}, {"楠", "nan"}, {"蓉", "rong"}, {"冰", "bing"}, {"洋", "yang"},
};

/* Road lists (real roads of each city/district). */
static const char *const RD_UQ[] = {"北京南路", "友好北路", "中山路", "河北东路", "南湖北路",
                                    "新华北路", "西虹东路", "长江路", "黄河路", "红山路"};
static const char *const RD_UQ_TS[] = {"解放北路", "解放南路", "中山路", "新华北路", "新华南路",
                                       "人民路", "光明路", "建设路", "和平北路", "民主路",
                                       "青年路", "延安路", "团结路", "东风路"};
static const char *const RD_UQ_SY[] = {"友好北路", "友好南路", "西虹东路", "西北路", "克拉玛依西路",
                                       "扬子江路", "阿勒泰路", "仓房沟路", "奇台路"};
static const char *const RD_UQ_XS[] = {"北京南路", "北京中路", "长春中路", "苏州路", "天津路",
                                       "喀什东路", "河北东路", "北京北路", "鲤鱼山路"};
static const char *const RD_UQ_SMG[] = {"南湖东路", "南湖北路", "南湖南路", "五星北路", "昆仑东街",
                                        "温泉东路", "水磨沟路", "会展大道"};
static const char *const RD_UQ_TTH[] = {"中亚南路", "嵩山街", "燕山街", "维泰南路"};
static const char *const RD_UQ_MD[] = {"米东南路", "米东北路", "振兴路", "古牧地西路"};
static const char *const RD_KLMY[] = {"准噶尔路", "友谊路", "迎宾路", "世纪大道", "昆仑路"};
static const char *const RD_TLF[] = {"绿洲路", "高昌路", "文化路", "青年路", "老城路"};
static const char *const RD_HM[] = {"天山北路", "建国北路", "八一路", "前进东路", "爱国北路"};
static const char *const RD_CJ[] = {"延安北路", "北京南路", "宁边西路", "建国西路", "长宁南路"};
static const char *const RD_KEL[] = {"人民东路", "石化大道", "萨依巴格路", "团结南路", "建设路"};
static const char *const RD_AKS[] = {"西大街", "南大街", "英阿瓦提路", "天山西路", "栏杆路"};
static const char *const RD_KS[] = {"人民东路", "解放北路", "色满路", "迎宾大道", "克孜都维路"};
static const char *const RD_YN[] = {"斯大林街", "新华西路", "解放路", "伊犁河路", "飞机场路"};
static const char *const RD_SHZ[] = {"北一路", "北二路", "东环路", "西环路", "北三东路"};
static const char *const RD_XA[] = {"科技路", "高新路", "未央路", "东大街", "长安南路",
                                    "南二环西段", "朱雀大街", "太白南路"};
static const char *const RD_XA_XC[] = {"解放路", "东五路", "长乐西路", "西一路", "东新街", "尚德路"};
static const char *const RD_XA_BL[] = {"东大街", "南大街", "和平路", "友谊东路", "友谊西路",
                                       "长安北路", "环城南路", "建国路"};
static const char *const RD_XA_LH[] = {"西大街", "北大街", "莲湖路", "劳动路", "桃园路",
                                       "大庆路", "丰庆路", "环城西路"};
static const char *const RD_XA_WY[] = {"未央路", "凤城二路", "凤城八路", "文景路", "明光路",
                                       "太华北路"};
static const char *const RD_XA_YT[] = {"科技路", "高新路", "唐延路", "雁塔路", "小寨东路",
                                       "长安南路", "太白南路", "含光路", "电子正街", "丈八东路",
                                       "锦业路", "朱雀大街", "雁塔北路"};
static const char *const RD_XA_CA[] = {"西长安街", "韦曲南街", "子午大道", "神禾二路"};
static const char *const RD_BJ[] = {"经二路", "红旗路", "宝光路", "中山东路", "东风路",
                                    "清姜路"};
static const char *const RD_BJ_WB[] = {"经二路", "红旗路", "渭滨大道", "清姜路"};
static const char *const RD_BJ_JT[] = {"宝光路", "中山东路", "东风路", "金台大道"};
static const char *const RD_XY[] = {"人民西路", "渭阳西路", "世纪大道", "秦皇中路"};
static const char *const RD_WN[] = {"东风大街", "朝阳大街", "前进路", "乐天大街"};
static const char *const RD_YA[] = {"中心街", "北关街", "枣园路", "二道街"};
static const char *const RD_HZ[] = {"天汉大道", "劳动路", "北团结街", "东大街"};
static const char *const RD_YL[] = {"长城南路", "榆阳中路", "人民路", "新建南路"};
static const char *const RD_BJ_DC[] = {"东长安街", "建国门内大街", "东直门南大街", "王府井大街",
                                       "朝阳门北大街"};
static const char *const RD_BJ_XC[] = {"金融大街", "西直门南大街", "复兴门内大街", "西单北大街",
                                       "阜成门外大街"};
static const char *const RD_BJ_CY[] = {"建国路", "东三环中路", "朝阳北路", "光华路", "酒仙桥路",
                                       "望京街", "工人体育场北路", "朝阳门外大街"};
static const char *const RD_BJ_HD[] = {"中关村大街", "学院路", "知春路", "北四环西路", "上地十街",
                                       "苏州街"};
static const char *const RD_SH_XH[] = {"漕溪北路", "肇嘉浜路", "天钥桥路", "宜山路", "虹桥路",
                                       "龙华中路"};
static const char *const RD_SH_PD[] = {"世纪大道", "张杨路", "陆家嘴环路", "浦东南路", "张江路",
                                       "碧波路", "金桥路", "杨高中路"};
static const char *const RD_SZ[] = {"深南大道", "福华一路", "科技园南路", "滨海大道", "宝安大道",
                                    "红荔路"};
static const char *const RD_SZ_FT[] = {"福华一路", "深南大道", "益田路", "福中三路", "金田路"};
static const char *const RD_SZ_NS[] = {"科苑路", "深南大道", "高新南一道", "南海大道", "后海大道"};
static const char *const RD_GZ_TH[] = {"天河路", "体育西路", "天河北路", "黄埔大道", "中山大道",
                                       "珠江东路"};
static const char *const RD_HZ2[] = {"延安路", "文三路", "庆春路", "钱江路"};
static const char *const RD_HZ_XH[] = {"文三路", "文二路", "天目山路", "曙光路", "古墩路",
                                       "教工路", "学院路"};
static const char *const RD_CD[] = {"人民南路四段", "天府大道北段", "春熙路", "蜀都大道"};
static const char *const RD_CD_JJ[] = {"春熙路", "红星路三段", "东大街", "总府路"};
static const char *const RD_CD_WH[] = {"人民南路四段", "一环路南四段", "科华北路", "武侯祠大街",
                                       "天府大道北段", "玉林南路"};
static const char *const RD_LZ[] = {"东岗西路", "庆阳路", "张掖路", "酒泉路", "天水南路", "南昌路"};
static const char *const RD_YC[] = {"解放西街", "北京东路", "清和北街", "文化东街", "新华东街"};
static const char *const RD_ZZ[] = {"花园路", "金水路", "农业路", "文化路", "经三路", "纬五路"};
static const char *const RD_WH[] = {"中北路", "中南路", "武珞路", "友谊大道", "徐东大街", "和平大道"};
static const char *const RD_NJ[] = {"中山路", "北京东路", "珠江路", "龙蟠中路", "中山东路"};
static const char *const RD_CQ[] = {"民权路", "中山三路", "邹容路", "大坪正街", "上清寺路", "民族路"};

typedef struct {
    const char *code;  /* GB/T 2260 code */
    const char *prov;  /* optional address prefix (province) */
    const char *addr;  /* address prefix: city + district */
    const char *city;  /* city name alone (for the "address only city" defect) */
    const char *uname; /* unique name accepted in the region column, or NULL */
    const char *area;  /* telephone area code */
    int locallen;      /* digits of a local telephone number */
    const char *const *roads;
    int nroads;
} Region;

#define RD(x) x, COUNT(x)
#define XJ "新疆维吾尔自治区"
#define SX "陕西省"

static const Region REGIONS[] = {
    /* Xinjiang: 0..16 */
    {"650100", XJ, "乌鲁木齐市", "乌鲁木齐市", "乌鲁木齐市", "0991", 7, RD(RD_UQ)},
    {"650102", XJ, "乌鲁木齐市天山区", "乌鲁木齐市", NULL, "0991", 7, RD(RD_UQ_TS)},
    {"650103", XJ, "乌鲁木齐市沙依巴克区", "乌鲁木齐市", NULL, "0991", 7, RD(RD_UQ_SY)},
    {"650104", XJ, "乌鲁木齐市新市区", "乌鲁木齐市", NULL, "0991", 7, RD(RD_UQ_XS)},
    {"650105", XJ, "乌鲁木齐市水磨沟区", "乌鲁木齐市", NULL, "0991", 7, RD(RD_UQ_SMG)},
    {"650106", XJ, "乌鲁木齐市头屯河区", "乌鲁木齐市", NULL, "0991", 7, RD(RD_UQ_TTH)},
    {"650109", XJ, "乌鲁木齐市米东区", "乌鲁木齐市", NULL, "0991", 7, RD(RD_UQ_MD)},
    {"650200", XJ, "克拉玛依市", "克拉玛依市", "克拉玛依市", "0990", 7, RD(RD_KLMY)},
    {"650203", XJ, "克拉玛依市克拉玛依区", "克拉玛依市", NULL, "0990", 7, RD(RD_KLMY)},
    {"650402", XJ, "吐鲁番市高昌区", "吐鲁番市", NULL, "0995", 7, RD(RD_TLF)},
    {"650502", XJ, "哈密市伊州区", "哈密市", NULL, "0902", 7, RD(RD_HM)},
    {"652301", XJ, "昌吉市", "昌吉市", "昌吉市", "0994", 7, RD(RD_CJ)},
    {"652801", XJ, "库尔勒市", "库尔勒市", "库尔勒市", "0996", 7, RD(RD_KEL)},
    {"652901", XJ, "阿克苏市", "阿克苏市", "阿克苏市", "0997", 7, RD(RD_AKS)},
    {"653101", XJ, "喀什市", "喀什市", "喀什市", "0998", 7, RD(RD_KS)},
    {"654002", XJ, "伊宁市", "伊宁市", "伊宁市", "0999", 7, RD(RD_YN)},
    {"659001", XJ, "石河子市", "石河子市", "石河子市", "0993", 7, RD(RD_SHZ)},
    /* Shaanxi: 17..32 */
    {"610100", SX, "西安市", "西安市", "西安市", "029", 8, RD(RD_XA)},
    {"610102", SX, "西安市新城区", "西安市", NULL, "029", 8, RD(RD_XA_XC)},
    {"610103", SX, "西安市碑林区", "西安市", NULL, "029", 8, RD(RD_XA_BL)},
    {"610104", SX, "西安市莲湖区", "西安市", NULL, "029", 8, RD(RD_XA_LH)},
    {"610112", SX, "西安市未央区", "西安市", NULL, "029", 8, RD(RD_XA_WY)},
    {"610113", SX, "西安市雁塔区", "西安市", NULL, "029", 8, RD(RD_XA_YT)},
    {"610116", SX, "西安市长安区", "西安市", NULL, "029", 8, RD(RD_XA_CA)},
    {"610300", SX, "宝鸡市", "宝鸡市", "宝鸡市", "0917", 7, RD(RD_BJ)},
    {"610302", SX, "宝鸡市渭滨区", "宝鸡市", NULL, "0917", 7, RD(RD_BJ_WB)},
    {"610303", SX, "宝鸡市金台区", "宝鸡市", NULL, "0917", 7, RD(RD_BJ_JT)},
    {"610400", SX, "咸阳市", "咸阳市", "咸阳市", "029", 8, RD(RD_XY)},
    {"610402", SX, "咸阳市秦都区", "咸阳市", NULL, "029", 8, RD(RD_XY)},
    {"610502", SX, "渭南市临渭区", "渭南市", NULL, "0913", 7, RD(RD_WN)},
    {"610602", SX, "延安市宝塔区", "延安市", NULL, "0911", 7, RD(RD_YA)},
    {"610702", SX, "汉中市汉台区", "汉中市", NULL, "0916", 7, RD(RD_HZ)},
    {"610802", SX, "榆林市榆阳区", "榆林市", NULL, "0912", 7, RD(RD_YL)},
    /* elsewhere: 33..53 */
    {"110101", "", "北京市东城区", "北京市", NULL, "010", 8, RD(RD_BJ_DC)},
    {"110102", "", "北京市西城区", "北京市", NULL, "010", 8, RD(RD_BJ_XC)},
    {"110105", "", "北京市朝阳区", "北京市", NULL, "010", 8, RD(RD_BJ_CY)},
    {"110108", "", "北京市海淀区", "北京市", NULL, "010", 8, RD(RD_BJ_HD)},
    {"310104", "", "上海市徐汇区", "上海市", NULL, "021", 8, RD(RD_SH_XH)},
    {"310115", "", "上海市浦东新区", "上海市", NULL, "021", 8, RD(RD_SH_PD)},
    {"440300", "广东省", "深圳市", "深圳市", "深圳市", "0755", 8, RD(RD_SZ)},
    {"440304", "广东省", "深圳市福田区", "深圳市", NULL, "0755", 8, RD(RD_SZ_FT)},
    {"440305", "广东省", "深圳市南山区", "深圳市", NULL, "0755", 8, RD(RD_SZ_NS)},
    {"440106", "广东省", "广州市天河区", "广州市", NULL, "020", 8, RD(RD_GZ_TH)},
    {"330100", "浙江省", "杭州市", "杭州市", "杭州市", "0571", 8, RD(RD_HZ2)},
    {"330106", "浙江省", "杭州市西湖区", "杭州市", NULL, "0571", 8, RD(RD_HZ_XH)},
    {"510100", "四川省", "成都市", "成都市", "成都市", "028", 8, RD(RD_CD)},
    {"510104", "四川省", "成都市锦江区", "成都市", NULL, "028", 8, RD(RD_CD_JJ)},
    {"510107", "四川省", "成都市武侯区", "成都市", NULL, "028", 8, RD(RD_CD_WH)},
    {"620102", "甘肃省", "兰州市城关区", "兰州市", NULL, "0931", 7, RD(RD_LZ)},
    {"640104", "宁夏回族自治区", "银川市兴庆区", "银川市", NULL, "0951", 7, RD(RD_YC)},
    {"410105", "河南省", "郑州市金水区", "郑州市", NULL, "0371", 8, RD(RD_ZZ)},
    {"420106", "湖北省", "武汉市武昌区", "武汉市", NULL, "027", 8, RD(RD_WH)},
    {"320102", "江苏省", "南京市玄武区", "南京市", NULL, "025", 8, RD(RD_NJ)},
    {"500103", "", "重庆市渝中区", "重庆市", NULL, "023", 8, RD(RD_CQ)},
};

/* Company name prefixes (prefix-free set) with weight and region range. */
typedef struct {
    const char *prefix;
    int weight, rfirst, rcount;
} City;

static const City CITIES[] = {
    {"乌鲁木齐", 30, 0, 7}, {"克拉玛依", 3, 7, 2}, {"吐鲁番", 2, 9, 1}, {"哈密", 2, 10, 1},
    {"昌吉", 3, 11, 1},     {"库尔勒", 3, 12, 1},  {"阿克苏", 2, 13, 1}, {"喀什", 3, 14, 1},
    {"伊犁", 2, 15, 1},     {"石河子", 2, 16, 1},  {"新疆", 12, 0, 17},  {"西安", 28, 17, 7},
    {"宝鸡", 3, 24, 3},     {"咸阳", 3, 27, 2},    {"渭南", 2, 29, 1},   {"延安", 2, 30, 1},
    {"汉中", 2, 31, 1},     {"榆林", 2, 32, 1},    {"陕西", 8, 17, 16},  {"北京", 4, 33, 4},
    {"上海", 3, 37, 2},     {"深圳", 3, 39, 3},    {"广州", 2, 42, 1},   {"杭州", 2, 43, 2},
    {"成都", 2, 45, 3},     {"兰州", 2, 48, 1},    {"银川", 1, 49, 1},   {"郑州", 1, 50, 1},
    {"武汉", 1, 51, 1},     {"南京", 1, 52, 1},    {"重庆", 1, 53, 1},
};

/* Brand characters (distinct, all 3-byte UTF-8): company = prefix + 2 of these + tail. */
static const char *const BRAND[] = {
    "华", "鑫", "盛", "泰", "恒", "达", "源", "丰", "瑞", "祥", "通", "宏", "远", "博", "嘉",
    "信", "诚", "德", "永", "安", "康", "隆", "金", "天", "新", "兴", "明", "和", "润", "昌",
    "宇", "佳", "利", "汇", "联", "正", "中", "美", "辉", "光", "海", "鼎", "峰", "卓", "越",
    "锦", "富", "福", "荣", "腾", "飞", "创", "星", "辰", "晟", "弘", "彩", "云", "雅", "航",
    "凯", "旭", "东", "西", "大", "立", "振", "益", "合", "同", "仁", "智", "聚", "诺", "亿",
    "万", "宝", "顺", "力", "众", "成", "银", "豪", "驰", "昊", "元", "亨", "科", "维", "拓",
    "冠", "威", "帆", "丝", "路", "疆", "秦", "陇", "雪", "莲", "山", "川", "蓝", "绿", "果",
};

static const char *const INDUSTRIES[] = {
    "批发零售", "医药医疗", "农业", "建筑建材", "制造业", "食品加工", "信息技术",
    "物流运输", "能源化工", "住宿餐饮", "文化教育", "汽车服务", "纺织服装", "采矿业",
};

typedef struct {
    const char *tail;
    int industry;
} Tail;

static const Tail TAILS[] = {
    {"商贸有限公司", 0}, {"贸易有限公司", 0}, {"商贸有限责任公司", 0}, {"商行", 0},
    {"经贸有限公司", 0}, {"百货有限公司", 0}, {"进出口有限公司", 0}, {"医药有限公司", 1},
    {"医药连锁有限公司", 1}, {"医疗器械有限公司", 1}, {"药业股份有限公司", 1},
    {"生物科技有限公司", 1}, {"大药房连锁有限公司", 1}, {"农业科技有限公司", 2},
    {"农牧业有限责任公司", 2}, {"果业有限公司", 2}, {"种业有限公司", 2},
    {"农业专业合作社", 2}, {"建材有限公司", 3}, {"建筑工程有限公司", 3},
    {"装饰工程有限公司", 3}, {"建设集团有限公司", 3}, {"机械设备有限公司", 4},
    {"机电设备有限公司", 4}, {"电气有限公司", 4}, {"塑业有限公司", 4}, {"实业有限公司", 4},
    {"食品有限公司", 5}, {"粮油有限公司", 5}, {"乳业有限公司", 5}, {"酒业有限公司", 5},
    {"干果有限公司", 5}, {"科技有限公司", 6}, {"信息技术有限公司", 6},
    {"网络科技有限公司", 6}, {"软件有限公司", 6}, {"物流有限公司", 7},
    {"运输有限责任公司", 7}, {"供应链管理有限公司", 7}, {"能源有限公司", 8},
    {"化工有限公司", 8}, {"石油设备有限公司", 8}, {"餐饮管理有限公司", 9},
    {"酒店管理有限公司", 9}, {"文化传媒有限公司", 10}, {"教育科技有限公司", 10},
    {"汽车销售服务有限公司", 11}, {"汽车服务有限公司", 11}, {"棉业有限公司", 12},
    {"纺织有限公司", 12}, {"服饰有限公司", 12}, {"矿业有限公司", 13},
};

static const char *const TITLES[] = {
    "总经理", "副总经理", "董事长", "采购经理", "采购主管", "采购专员", "销售经理",
    "市场部经理", "财务经理", "财务总监", "会计", "出纳", "办公室主任", "行政主管",
    "行政专员", "技术总监", "工程师", "项目经理", "店长", "仓库主管", "业务经理",
    "区域经理", "法人代表", "运营总监",
};
static const unsigned char TITLE_W[] = {8, 4, 2, 8, 5, 5, 5, 3, 4, 2, 3, 2, 3, 3,
                                        3, 2, 4, 4, 3, 2, 4, 3, 2, 2};

static const char *const SOURCES[] = {"展会", "转介绍", "网站", "电话营销"};
static const unsigned char SOURCE_W[] = {25, 30, 25, 20};

static const char *const OWNERS[] = {
    "王建国", "李秀兰", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周强", "吴敏",
    "徐军", "孙娜", "马骏", "朱琳", "胡斌", "郭艳", "何涛", "高翔", "林晓燕", "罗勇",
    "郑海燕", "梁超", "谢婷", "宋佳", "唐亮", "韩雪", "冯刚", "邓晓华", "曹阳", "彭飞",
    "曾琪", "肖鹏", "田甜", "董浩", "袁媛", "潘峰", "于洁", "蒋文", "蔡宏伟", "余波",
    "杜晓梅", "叶青", "程刚", "苏玉梅", "魏东", "吕明", "丁晓玲", "任杰", "沈丹", "姚远",
};

static const char *const BUILDINGS[] = {
    "金融大厦", "国际大厦", "时代广场", "世纪大厦", "商务中心", "科技大厦", "财富中心",
    "创业大厦", "银河大厦", "丰华大厦", "中天广场", "环球中心", "国贸中心", "天成大厦",
};

static const char *const MOBILE_PREFIX[] = {
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178",
    "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "193", "195",
    "198", "199",
};

static const char *const FREEMAIL[] = {"163.com", "126.com", "sina.com", "sohu.com", "foxmail.com",
                                       "hotmail.com", "aliyun.com", "yeah.net", "139.com"};

/* ------------------------------------------------------------------ */
/* Small string builder and buffered output.                           */

typedef struct {
    char b[256];
    size_t n;
} Str;

static void s_cat(Str *s, const char *t)
{
    size_t k = strlen(t);
    if (s->n + k >= sizeof s->b) /* cannot happen with the embedded data */
        k = sizeof s->b - 1 - s->n;
    memcpy(s->b + s->n, t, k);
    s->n += k;
    s->b[s->n] = 0;
}

static void s_chr(Str *s, char c)
{
    if (s->n + 1 < sizeof s->b) {
        s->b[s->n++] = c;
        s->b[s->n] = 0;
    }
}

/* decimal, zero-padded to at least width digits */
static void s_num(Str *s, uint64_t v, int width)
{
    char t[24];
    int k = 0;
    do {
        t[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (k < width)
        t[k++] = '0';
    while (k > 0)
        s_chr(s, t[--k]);
}

static void s_set(Str *s, const char *t)
{
    s->n = 0;
    s->b[0] = 0;
    s_cat(s, t);
}

static char obuf[1 << 20];
static size_t olen;

static void oflush(void)
{
    if (olen && fwrite(obuf, 1, olen, stdout) != olen) {
        perror("gencust: write");
        exit(1);
    }
    olen = 0;
}

static void oraw(const char *p, size_t n)
{
    memcpy(obuf + olen, p, n);
    olen += n;
}

/* one CSV field, RFC 4180 quoted when needed */
static void ofield(const char *p, size_t n, int first)
{
    if (!first)
        obuf[olen++] = ',';
    /* copy and check in one pass; redo quoted if a special byte shows up */
    char *o = obuf + olen;
    size_t i = 0;
    for (; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch <= ',' && (ch == ',' || ch == '"' || ch == '\n' || ch == '\r'))
            break;
        o[i] = (char)ch;
    }
    if (i == n) {
        olen += n;
        return;
    }
    obuf[olen++] = '"';
    for (i = 0; i < n; i++) {
        if (p[i] == '"')
            obuf[olen++] = '"';
        obuf[olen++] = p[i];
    }
    obuf[olen++] = '"';
}

static void ostr(const Str *s, int first)
{
    ofield(s->b, s->n, first);
}

static void ocstr(const char *s)
{
    ofield(s, strlen(s), 0);
}

/* ------------------------------------------------------------------ */
/* Generator state.                                                    */

static uint64_t g_seed = 1, g_rows = 1000, g_off;
static int g_excel, g_crlf;
static Perm P_slot, P_comp, P_rest, P_email, P_mobile;
static uint64_t g_qqoff; /* seed-dependent offset of the QQ-number bijection */
static uint64_t g_M, g_wtotal; /* company index space: per weight unit M companies */
static int64_t g_special[3] = {-1, -1, -1};
static Wtab W_SUR, W_TITLE, W_SRC, W_DATE;
/* birthday forms in -x mode: ISO, 2026/3/5, 2026.3.5, 20260305, 2026年3月5日 */
static const unsigned char DATEFORM_W[] = {35, 25, 10, 10, 20};

enum { SALT_ROW = 1, SALT_NAME, SALT_COMP, SALT_DEF, SALT_MOB, SALT_DUP, SALT_SPEC };

enum {
    D_NONE = -1, D_SALUTATION, D_MOBILE10, D_BADDATE, D_FUTURE, D_BADEMAIL, D_PHONE_NOAREA,
    D_DUPMOBILE, D_EMPTYNAME, D_NOCONTACT, D_ADDRONLY, D_NTYPES
};

static int defect_of(uint64_t i)
{
    if (!g_excel)
        return D_NONE;
    uint64_t b = i / 50;
    if ((b + 1) * 50 > g_rows) /* incomplete last block: no defect */
        return D_NONE;
    if (i % 50 != hash3(g_seed, SALT_DEF, b) % 50)
        return D_NONE;
    return (int)(b % D_NTYPES);
}

/* ---- persons ---- */

typedef struct {
    char name[24];
    char py_sur[8], py_giv[16], ini_giv[4];
    int female;
} Person;

static char *cpy(char *d, const char *s)
{
    while (*s)
        *d++ = *s++;
    *d = 0;
    return d;
}

static void draw_person(Rng *r, Person *p)
{
    uint32_t s = wtab_pick(r, &W_SUR);
    p->female = (int)rng_below(r, 100) < 46;
    const Hz *g = p->female ? GIVEN_F : GIVEN_M;
    uint32_t ng = (uint32_t)(p->female ? COUNT(GIVEN_F) : COUNT(GIVEN_M));
    uint32_t a = rng_below(r, ng);
    int two = rng_below(r, 100) < 72;
    uint32_t b = two ? rng_below(r, ng) : 0;
    char *e = cpy(cpy(p->name, SURNAMES[s].h), g[a].h);
    if (two)
        cpy(e, g[b].h);
    cpy(p->py_sur, SURNAMES[s].py);
    e = cpy(p->py_giv, g[a].py);
    if (two)
        cpy(e, g[b].py);
    p->ini_giv[0] = g[a].py[0];
    p->ini_giv[1] = two ? g[b].py[0] : 0;
    p->ini_giv[2] = 0;
}

/* contact k of company cid; names within one company are distinct */
static void person_for(uint64_t cid, unsigned k, Person *out)
{
    Person prev[CONTACTS_PER_COMPANY];
    for (unsigned j = 0; j <= k; j++) {
        Rng r;
        rng_seed(&r, g_seed, SALT_NAME + 16 * (uint64_t)j, cid);
        for (;;) {
            draw_person(&r, &prev[j]);
            unsigned m = 0;
            while (m < j && strcmp(prev[m].name, prev[j].name) != 0)
                m++;
            if (m == j)
                break;
        }
    }
    *out = prev[k];
}

/* ---- companies ---- */

typedef struct {
    Str name, addr_road; /* addr_road: road + number (no prefix, no detail) */
    Str detail;          /* building/room detail, may be empty */
    Str phone;           /* landline, empty if none */
    int region, industry, owner, addr_with_prov;
} Company;

static void company_for(uint64_t cid, Company *co)
{
    /* cid in [0, M*W): weight unit -> city, local index -> (brand, brand, tail) */
    uint64_t unit = cid / g_M, cum = 0;
    int c = 0;
    while (c < COUNT(CITIES) - 1 && unit >= cum + (uint64_t)CITIES[c].weight) {
        cum += (uint64_t)CITIES[c].weight;
        c++;
    }
    uint64_t local = cid - cum * g_M;
    uint64_t t = perm_apply(&P_rest, local);
    uint64_t nb = (uint64_t)COUNT(BRAND);
    uint64_t b1 = t % nb, b2 = (t / nb) % nb, tail = t / (nb * nb);

    s_set(&co->name, CITIES[c].prefix);
    s_cat(&co->name, BRAND[b1]);
    s_cat(&co->name, BRAND[b2]);
    s_cat(&co->name, TAILS[tail].tail);
    co->industry = TAILS[tail].industry;

    Rng r;
    rng_seed(&r, g_seed, SALT_COMP, cid);
    const City *ci = &CITIES[c];
    co->region = ci->rfirst + (int)rng_below(&r, (uint32_t)ci->rcount);
    const Region *rg = &REGIONS[co->region];
    co->owner = (int)rng_below(&r, (uint32_t)COUNT(OWNERS));
    co->addr_with_prov = rng_below(&r, 100) < 20 && rg->prov[0];

    /* road + number: small numbers are more common */
    s_set(&co->addr_road, rg->roads[rng_below(&r, (uint32_t)rg->nroads)]);
    uint32_t num = 1 + rng_below(&r, 1 + rng_below(&r, 800));
    s_num(&co->addr_road, num, 0);
    s_cat(&co->addr_road, "号");

    co->detail.n = 0;
    co->detail.b[0] = 0;
    switch (rng_below(&r, 6)) {
    case 0: /* 金融大厦B座1203室 */
        s_cat(&co->detail, BUILDINGS[rng_below(&r, (uint32_t)COUNT(BUILDINGS))]);
        s_chr(&co->detail, (char)('A' + rng_below(&r, 4)));
        s_cat(&co->detail, "座");
        s_num(&co->detail, 2 + rng_below(&r, 27), 0);
        s_num(&co->detail, 1 + rng_below(&r, 20), 2);
        s_cat(&co->detail, "室");
        break;
    case 1: /* 3号楼2单元501室 */
        s_num(&co->detail, 1 + rng_below(&r, 12), 0);
        s_cat(&co->detail, "号楼");
        s_num(&co->detail, 1 + rng_below(&r, 4), 0);
        s_cat(&co->detail, "单元");
        s_num(&co->detail, 1 + rng_below(&r, 18), 0);
        s_num(&co->detail, 1 + rng_below(&r, 4), 2);
        s_cat(&co->detail, "室");
        break;
    case 2: /* 国贸中心15层 */
        s_cat(&co->detail, BUILDINGS[rng_below(&r, (uint32_t)COUNT(BUILDINGS))]);
        s_num(&co->detail, 2 + rng_below(&r, 30), 0);
        s_cat(&co->detail, "层");
        break;
    case 3: /* 院内2号楼 */
        s_cat(&co->detail, "院内");
        s_num(&co->detail, 1 + rng_below(&r, 9), 0);
        s_cat(&co->detail, "号楼");
        break;
    default: /* road number only */
        break;
    }

    co->phone.n = 0;
    co->phone.b[0] = 0;
    if (rng_below(&r, 100) < 56) {
        s_cat(&co->phone, rg->area);
        s_chr(&co->phone, '-');
        s_chr(&co->phone, (char)('2' + rng_below(&r, 7)));
        for (int d = 1; d < rg->locallen; d++)
            s_chr(&co->phone, (char)('0' + rng_below(&r, 10)));
    }
}

/* ---- mobiles ---- */

/* mobile of data row i of this file (row g_off + i of the seed) */
static void mobile_of(uint64_t i, Str *m)
{
    uint64_t h = hash3(g_seed, SALT_MOB, g_off + i);
    m->n = 0;
    m->b[0] = 0;
    s_cat(m, MOBILE_PREFIX[h % (uint64_t)COUNT(MOBILE_PREFIX)]);
    s_num(m, perm_apply(&P_mobile, g_off + i), 8);
}

static void format_mobile_x(Rng *r, const Str *m, Str *out)
{
    uint32_t f = rng_below(r, 100);
    out->n = 0;
    out->b[0] = 0;
    if (f < 80 || m->n != 11) {
        s_cat(out, m->b);
    } else if (f < 94) { /* "138 1234 5678" or "138-1234-5678" */
        char sep = f < 87 ? ' ' : '-';
        for (size_t k = 0; k < 11; k++) {
            if (k == 3 || k == 7)
                s_chr(out, sep);
            s_chr(out, m->b[k]);
        }
    } else {
        s_cat(out, "+86 ");
        s_cat(out, m->b);
    }
}

/* ---- dates ---- */

static int days_in(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

/* form: 0 2026-03-05, 1 2026/3/5, 2 2026.3.5, 3 20260305, 4 2026年3月5日 */
static void format_date(Str *s, int y, int m, int d, int form)
{
    s->n = 0;
    s->b[0] = 0;
    s_num(s, (uint64_t)y, 4);
    switch (form) {
    case 0:
        s_chr(s, '-');
        s_num(s, (uint64_t)m, 2);
        s_chr(s, '-');
        s_num(s, (uint64_t)d, 2);
        break;
    case 1:
    case 2:
        s_chr(s, form == 1 ? '/' : '.');
        s_num(s, (uint64_t)m, 0);
        s_chr(s, form == 1 ? '/' : '.');
        s_num(s, (uint64_t)d, 0);
        break;
    case 3:
        s_num(s, (uint64_t)m, 2);
        s_num(s, (uint64_t)d, 2);
        break;
    default:
        s_cat(s, "年");
        s_num(s, (uint64_t)m, 0);
        s_cat(s, "月");
        s_num(s, (uint64_t)d, 0);
        s_cat(s, "日");
        break;
    }
}

static int date_form_x(Rng *r)
{
    return (int)wtab_pick(r, &W_DATE);
}

/* ------------------------------------------------------------------ */
/* One row.                                                            */

static void gen_row(uint64_t i)
{
    const int def = defect_of(i);
    Rng r;
    rng_seed(&r, g_seed, SALT_ROW, g_off + i);

    uint64_t slot = g_off + perm_apply(&P_slot, i);
    uint64_t cid = perm_apply(&P_comp, slot / CONTACTS_PER_COMPANY);
    Company co;
    company_for(cid, &co);
    Person p;
    person_for(cid, (unsigned)(slot % CONTACTS_PER_COMPANY), &p);
    const Region *rg = &REGIONS[co.region];

    /* name */
    Str name;
    s_set(&name, p.name);
    if (def == D_SALUTATION) {
        static const char *const sal[] = {"先生", "女士", "总", "经理"};
        uint32_t k = rng_below(&r, 4);
        if (k < 2)
            k = p.female ? 1 : 0;
        size_t sl = strlen(p.name) >= 3 ? 3 : 0; /* first UTF-8 char = surname */
        name.n = sl;
        name.b[sl] = 0;
        s_cat(&name, sal[k]);
    } else if (def == D_EMPTYNAME) {
        name.n = 0;
        name.b[0] = 0;
    }

    /* mobile */
    Str mob, mobx;
    const Str *mobout = &mob;
    mobile_of(i, &mob);
    Str email;
    email.n = 0;
    email.b[0] = 0;
    /* email (built from the row's own unique mobile / number) */
    {
        uint32_t f = rng_below(&r, 100);
        uint64_t en = g_off + perm_apply(&P_email, i);
        if (f < 52) {
            switch (rng_below(&r, 4)) {
            case 0:
                s_cat(&email, p.py_sur);
                s_cat(&email, p.py_giv);
                break;
            case 1:
                s_cat(&email, p.py_giv);
                s_chr(&email, '.');
                s_cat(&email, p.py_sur);
                break;
            case 2:
                s_cat(&email, p.py_sur);
                s_chr(&email, '_');
                s_cat(&email, p.py_giv);
                break;
            default:
                s_cat(&email, p.py_sur);
                s_cat(&email, p.ini_giv);
                break;
            }
            s_num(&email, en, 0);
            s_chr(&email, '@');
            s_cat(&email, FREEMAIL[rng_below(&r, (uint32_t)COUNT(FREEMAIL))]);
        } else if (f < 78) {
            /* 9-digit QQ number: affine bijection of en modulo 9e8 */
            s_num(&email, 100000000u + (en * 618033989u + g_qqoff) % 900000000u, 0);
            s_cat(&email, "@qq.com");
        } else {
            s_cat(&email, mob.b);
            s_cat(&email, rng_below(&r, 2) ? "@139.com" : "@163.com");
        }
    }
    if (def == D_MOBILE10) {
        size_t k = 3 + rng_below(&r, 8);
        memmove(mob.b + k, mob.b + k + 1, mob.n - k);
        mob.n--;
    } else if (def == D_DUPMOBILE) {
        uint64_t span = i < 2000 ? i : 2000;
        uint64_t j = i - 1 - hash3(g_seed, SALT_DUP, i) % span;
        while (defect_of(j) != D_NONE)
            j = j ? j - 1 : j + 1;
        mobile_of(j, &mob);
    }
    if (g_excel && def != D_MOBILE10) {
        format_mobile_x(&r, &mob, &mobx);
        mobout = &mobx;
    }
    if (def == D_NOCONTACT) {
        mob.n = 0;
        mob.b[0] = 0;
        mobout = &mob;
    }

    /* phone: company landline for some contacts */
    Str phone;
    const Str *phout = &phone;
    phone.n = 0;
    phone.b[0] = 0;
    int want_phone = co.phone.n && rng_below(&r, 100) < 80;
    if (def == D_PHONE_NOAREA) {
        uint32_t len = (uint32_t)rg->locallen;
        s_chr(&phone, (char)('2' + rng_below(&r, 7)));
        for (uint32_t d = 1; d < len; d++)
            s_chr(&phone, (char)('0' + rng_below(&r, 10)));
    } else if (want_phone && def != D_NOCONTACT) {
        phout = &co.phone;
    }

    if (def == D_BADEMAIL) {
        email.n = 0;
        email.b[0] = 0;
        switch (rng_below(&r, 3)) {
        case 0: /* a@b: no dot in the domain */
            s_cat(&email, p.py_sur);
            s_cat(&email, "@");
            s_cat(&email, p.py_giv);
            break;
        case 1: /* no @ */
            s_cat(&email, p.py_sur);
            s_cat(&email, p.py_giv);
            s_cat(&email, ".163.com");
            break;
        default: /* doubled @ */
            s_cat(&email, p.py_sur);
            s_cat(&email, "@@qq.com");
            break;
        }
    } else if (g_excel && def == D_NONE && rng_below(&r, 100) < 3) {
        email.n = 0;
        email.b[0] = 0;
    }

    /* gender */
    const char *gender = p.female ? "女" : "男";
    if (g_excel) {
        uint32_t g = rng_below(&r, 100);
        if (g < 2 && def == D_NONE)
            gender = "";
        else if (g < 5)
            gender = p.female ? "F" : "M";
        else if (g < 7)
            gender = p.female ? "female" : "male";
    }

    /* birthday */
    Str bday;
    {
        int y = 1950 + (int)rng_below(&r, 28) + (int)rng_below(&r, 28); /* 1950..2004 */
        int m = 1 + (int)rng_below(&r, 12);
        int d = 1 + (int)rng_below(&r, (uint32_t)days_in(y, m));
        int form = g_excel ? date_form_x(&r) : 0;
        if (def == D_BADDATE) {
            static const int bad[][3] = {{1985, 2, 30}, {1990, 2, 29}, {1978, 4, 31},
                                         {1992, 6, 31}, {1988, 9, 31}, {1983, 11, 31},
                                         {1979, 2, 29}, {1996, 2, 31}};
            uint32_t k = rng_below(&r, 8);
            y = bad[k][0];
            m = bad[k][1];
            d = bad[k][2];
        } else if (def == D_FUTURE) {
            y = 2031 + (int)rng_below(&r, 8);
        }
        format_date(&bday, y, m, d, form);
        if (g_excel && def == D_NONE && rng_below(&r, 100) < 5) {
            bday.n = 0;
            bday.b[0] = 0;
        }
    }

    /* region */
    const char *region = rg->code;
    if (g_excel && rg->uname && rng_below(&r, 100) < 40)
        region = rg->uname;
    else if (g_ncounties)
        region = g_counties[g_rowno++ % g_ncounties];

    /* address */
    Str addr;
    addr.n = 0;
    addr.b[0] = 0;
    if (def == D_ADDRONLY) {
        s_cat(&addr, rg->city);
    } else {
        if (co.addr_with_prov)
            s_cat(&addr, rg->prov);
        s_cat(&addr, rg->addr);
        s_cat(&addr, co.addr_road.b);
        if (g_excel && (int64_t)i == g_special[0]) {
            s_cat(&addr, ",");
            s_cat(&addr, co.detail.n ? co.detail.b : "临街商铺");
        } else if (g_excel && (int64_t)i == g_special[1]) {
            s_cat(&addr, "\n");
            s_cat(&addr, co.detail.n ? co.detail.b : "后院仓库");
        } else if (g_excel && (int64_t)i == g_special[2]) {
            s_cat(&addr, "\"");
            s_cat(&addr, BUILDINGS[cid % (uint64_t)COUNT(BUILDINGS)]);
            s_cat(&addr, "\"");
            s_cat(&addr, "1层");
        } else {
            s_cat(&addr, co.detail.b);
        }
    }

    const char *title = TITLES[wtab_pick(&r, &W_TITLE)];
    const char *source = SOURCES[wtab_pick(&r, &W_SRC)];

    ostr(&name, 1);
    ostr(mobout, 0);
    ostr(phout, 0);
    ostr(&email, 0);
    ocstr(gender);
    ostr(&bday, 0);
    ostr(&co.name, 0);
    ocstr(title);
    ocstr(INDUSTRIES[co.industry]);
    ocstr(region);
    ostr(&addr, 0);
    ocstr(source);
    ocstr(OWNERS[co.owner]);
    if (g_crlf)
        obuf[olen++] = '\r';
    obuf[olen++] = '\n';
}

/* ------------------------------------------------------------------ */

static void usage(FILE *f)
{
    fputs("usage: gencust [-n ROWS] [-s SEED] [-o OFFSET] [-r REGIONS.csv] [-x] [-c]\n"
          "  -n ROWS  data rows (default 1000)\n"
          "  -s SEED  seed (default 1); output is byte-identical for the same options\n"
          "  -o OFFSET  rows OFFSET.. of the seed: no mobile, e-mail or name+company\n"
          "           of the file of at most OFFSET rows without -o (default 0)\n"
          "  -r FILE  spread rows over every county in FILE (code,name,parent)\n"
          "  -x       Excel-export mode: Chinese header, mixed formats, ~2% defects\n"
          "  -c       CRLF line ends\n"
          "  -h       this help\n",
          f);
}

static int parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s)
        return 0;
    uint64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        uint64_t d = (uint64_t)(*s - '0');
        if (v > (UINT64_MAX - d) / 10)
            return 0;
        v = v * 10 + d;
    }
    *out = v;
    return 1;
}

/* -r FILE: spread rows over every county of a region table (code,name,
 * parent; a county's code does not end in 00), so that a million customers
 * stay within the 999 codes a region has. */

static void load_counties(const char *path)
{
    FILE *fp = fopen(path, "r");
    char line[512];
    size_t cap = 0;

    if (!fp) {
        perror(path);
        exit(2);
    }
    while (fgets(line, sizeof line, fp)) {
        if (strlen(line) < 7 || line[6] != ',' || !strncmp(line + 4, "00", 2))
            continue;
        if (g_ncounties == cap) {
            cap = cap ? cap * 2 : 1024;
            g_counties = realloc(g_counties, cap * sizeof *g_counties);
            if (!g_counties)
                exit(2);
        }
        memcpy(g_counties[g_ncounties], line, 6);
        g_counties[g_ncounties++][6] = 0;
    }
    fclose(fp);
}

int main(int argc, char **argv)
{
    for (int a = 1; a < argc; a++) {
        const char *s = argv[a];
        if (s[0] != '-' || !s[1] || (s[2] && s[1] != 'n' && s[1] != 's' && s[1] != 'o' && s[1] != 'r')) {
            usage(stderr);
            return 2;
        }
        switch (s[1]) {
        case 'n':
        case 's':
        case 'o': {
            const char *v = s[2] ? s + 2 : (a + 1 < argc ? argv[++a] : NULL);
            if (!parse_u64(v, s[1] == 'n' ? &g_rows : s[1] == 's' ? &g_seed : &g_off)) {
                fprintf(stderr, "gencust: -%c needs an unsigned number\n", s[1]);
                return 2;
            }
            break;
        }
        case 'r': {
            const char *v = s[2] ? s + 2 : (a + 1 < argc ? argv[++a] : NULL);
            if (!v) {
                usage(stderr);
                return 2;
            }
            load_counties(v);
            break;
        }
        case 'x':
            g_excel = 1;
            break;
        case 'c':
            g_crlf = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }

    for (int k = 0; k < COUNT(SURNAMES); k++)
        surname_w[k] = (unsigned char)(k < 10 ? 12 : k < 30 ? 5 : 2);
    wtab_init(&W_SUR, surname_w, COUNT(SURNAMES));
    wtab_init(&W_TITLE, TITLE_W, COUNT(TITLES));
    wtab_init(&W_SRC, SOURCE_W, COUNT(SOURCES));
    wtab_init(&W_DATE, DATEFORM_W, COUNT(DATEFORM_W));

    /* company index space */
    uint64_t maxw = 0;
    g_wtotal = 0;
    for (int c = 0; c < COUNT(CITIES); c++) {
        g_wtotal += (uint64_t)CITIES[c].weight;
        if ((uint64_t)CITIES[c].weight > maxw)
            maxw = (uint64_t)CITIES[c].weight;
    }
    uint64_t rest = (uint64_t)COUNT(BRAND) * (uint64_t)COUNT(BRAND) * (uint64_t)COUNT(TAILS);
    g_M = rest / maxw;
    uint64_t ncomp = g_M * g_wtotal;
    uint64_t maxrows = ncomp * CONTACTS_PER_COMPANY;
    if (maxrows > MOBILE_SPACE)
        maxrows = MOBILE_SPACE;
    if (g_rows > maxrows) {
        fprintf(stderr, "gencust: at most %llu rows\n", (unsigned long long)maxrows);
        return 2;
    }
    if (g_off > maxrows - g_rows) {
        fprintf(stderr, "gencust: OFFSET + ROWS is at most %llu\n", (unsigned long long)maxrows);
        return 2;
    }
    if (g_ncounties)
        g_rowno = g_off % g_ncounties;

    g_qqoff = hash3(g_seed, 16, 0) % 900000000u;
    perm_init(&P_slot, g_rows ? g_rows : 1, g_seed, 11);
    perm_init(&P_comp, ncomp, g_seed, 12);
    perm_init(&P_rest, rest, g_seed, 13);
    perm_init(&P_email, g_rows ? g_rows : 1, g_seed, 14);
    perm_init(&P_mobile, MOBILE_SPACE, g_seed, 15);

    if (g_excel) {
        int k = 0;
        for (uint64_t i = 1; i < g_rows && k < 3; i++)
            if (defect_of(i) == D_NONE)
                g_special[k++] = (int64_t)i;
    }

    const char *hdr = g_excel ? "客户名称,手机,电话,邮箱,性别,出生日期,公司,职务,行业,地区,详细地址,来源,客户经理"
                              : "name,mobile,phone,email,gender,birthday,company,title,industry,region,"
                                "address,source,owner";
    oraw(hdr, strlen(hdr));
    if (g_crlf)
        obuf[olen++] = '\r';
    obuf[olen++] = '\n';

    for (uint64_t i = 0; i < g_rows; i++) {
        gen_row(i);
        if (olen > sizeof obuf - 8192)
            oflush();
    }
    oflush();
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("gencust: write");
        return 1;
    }
    return 0;
}
