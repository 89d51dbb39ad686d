package org.understudy.engine.text.chinese;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Mandarin tone sandhi on tone3 finals, after {@code GPT_SoVITS/text/tone_sandhi.py:ToneSandhi}
 * (PaddleSpeech's rules): 不 and 一 sandhi, neutral tone for particles, suffixes, reduplication and
 * the listed words, and third-tone sandhi inside a word; plus {@code pre_merge_for_modify}, which
 * joins jieba's words so that those rules see 不/一 with their neighbour and third tones together.
 *
 * <p>Finals are tone3 strings with the neutral tone as 5 ({@code "ao3"}, {@code "e5"}); a
 * non-syllable (punctuation) is its own final. A final's tone is its last character, and a tone
 * change replaces that character, as upstream's {@code f[:-1] + "5"} does, even on a punctuation
 * mark. Characters are counted in code points, as Python counts them.
 *
 * <p>Two things upstream takes from libraries are supplied by the caller: the word splitter
 * ({@code _split_word}, which reduces jieba's {@code cut_for_search} to two parts) and, for the
 * merges, pypinyin's {@code lazy_pinyin(word, FINALS_TONE3, neutral_tone_with_five=True)}.
 * Immutable: [any-thread].
 */
public final class ToneSandhi {

    /** A word with its jieba part-of-speech tag. */
    public record Word(String word, String pos) {}

    /** Upstream's {@code _split_word}: a word as two parts, the second possibly empty. */
    @FunctionalInterface
    public interface WordSplitter {
        List<String> split(String word);
    }

    /** pypinyin's {@code lazy_pinyin(word, style=FINALS_TONE3, neutral_tone_with_five=True)}. */
    @FunctionalInterface
    public interface FinalsLookup {
        List<String> finals(String word);
    }

    private static final Set<String> MUST_NEUTRAL = words(
            "麻烦 麻利 鸳鸯 高粱 骨头 骆驼 马虎 首饰 馒头 馄饨 风筝 难为 队伍 阔气 闺女 门道 "
            + "锄头 铺盖 铃铛 铁匠 钥匙 里脊 里头 部分 那么 道士 造化 迷糊 连累 这么 这个 运气 "
            + "过去 软和 转悠 踏实 跳蚤 跟头 趔趄 财主 豆腐 讲究 记性 记号 认识 规矩 见识 裁缝 "
            + "补丁 衣裳 衣服 衙门 街坊 行李 行当 蛤蟆 蘑菇 薄荷 葫芦 葡萄 萝卜 荸荠 苗条 苗头 "
            + "苍蝇 芝麻 舒服 舒坦 舌头 自在 膏药 脾气 脑袋 脊梁 能耐 胳膊 胭脂 胡萝 胡琴 胡同 "
            + "聪明 耽误 耽搁 耷拉 耳朵 老爷 老实 老婆 老头 老太 翻腾 罗嗦 罐头 编辑 结实 红火 "
            + "累赘 糨糊 糊涂 精神 粮食 簸箕 篱笆 算计 算盘 答应 笤帚 笑语 笑话 窟窿 窝囊 窗户 "
            + "稳当 稀罕 称呼 秧歌 秀气 秀才 福气 祖宗 砚台 码头 石榴 石头 石匠 知识 眼睛 眯缝 "
            + "眨巴 眉毛 相声 盘算 白净 痢疾 痛快 疟疾 疙瘩 疏忽 畜生 生意 甘蔗 琵琶 琢磨 琉璃 "
            + "玻璃 玫瑰 玄乎 狐狸 状元 特务 牲口 牙碜 牌楼 爽快 爱人 热闹 烧饼 烟筒 烂糊 点心 "
            + "炊帚 灯笼 火候 漂亮 滑溜 溜达 温和 清楚 消息 浪头 活泼 比方 正经 欺负 模糊 槟榔 "
            + "棺材 棒槌 棉花 核桃 栅栏 柴火 架势 枕头 枇杷 机灵 本事 木头 木匠 朋友 月饼 月亮 "
            + "暖和 明白 时候 新鲜 故事 收拾 收成 提防 挖苦 挑剔 指甲 指头 拾掇 拳头 拨弄 招牌 "
            + "招呼 抬举 护士 折腾 扫帚 打量 打算 打点 打扮 打听 打发 扎实 扁担 戒指 懒得 意识 "
            + "意思 情形 悟性 怪物 思量 怎么 念头 念叨 快活 忙活 志气 心思 得罪 张罗 弟兄 开通 "
            + "应酬 庄稼 干事 帮手 帐篷 希罕 师父 师傅 巴结 巴掌 差事 工夫 岁数 屁股 尾巴 少爷 "
            + "小气 小伙 将就 对头 对付 寡妇 家伙 客气 实在 官司 学问 学生 字号 嫁妆 媳妇 媒人 "
            + "婆家 娘家 委屈 姑娘 姐夫 妯娌 妥当 妖精 奴才 女婿 头发 太阳 大爷 大方 大意 大夫 "
            + "多少 多么 外甥 壮实 地道 地方 在乎 困难 嘴巴 嘱咐 嘟囔 嘀咕 喜欢 喇嘛 喇叭 商量 "
            + "唾沫 哑巴 哈欠 哆嗦 咳嗽 和尚 告诉 告示 含糊 吓唬 后头 名字 名堂 合同 吆喝 叫唤 "
            + "口袋 厚道 厉害 千斤 包袱 包涵 匀称 勤快 动静 动弹 功夫 力气 前头 刺猬 刺激 别扭 "
            + "利落 利索 利害 分析 出息 凑合 凉快 冷战 冤枉 冒失 养活 关系 先生 兄弟 便宜 使唤 "
            + "佩服 作坊 体面 位置 似的 伙计 休息 什么 人家 亲戚 亲家 交情 云彩 事情 买卖 主意 "
            + "丫头 丧气 两口 东西 东家 世故 不由 不在 下水 下巴 上头 上司 丈夫 丈人 一辈 那个 "
            + "菩萨 父亲 母亲 咕噜 邋遢 费用 冤家 甜头 介绍 荒唐 大人 泥鳅 幸福 熟悉 计划 扑腾 "
            + "蜡烛 姥爷 照顾 喉咙 吉他 弄堂 蚂蚱 凤凰 拖沓 寒碜 糟蹋 倒腾 报复 逻辑 盘缠 喽啰 "
            + "牢骚 咖喱 扫把 惦记");

    private static final Set<String> MUST_NOT_NEUTRAL = words(
            "男子 女子 分子 原子 量子 莲子 石子 瓜子 电子 人人 虎虎 幺幺 干嘛 学子 哈哈 数数 "
            + "袅袅 局地 以下 娃哈哈 花花草草 留得 耕地 想想 熙熙 攘攘 卵子 死死 冉冉 恳恳 佼佼 吵吵 "
            + "打打 考考 整整 莘莘 落地 算子 家家户户 青青");

    private static final String SENTENCE_PARTICLES = "吧呢哈啊呐噻嘛吖嗨呐哦哒额滴哩哟喽啰耶喔诶";
    private static final String STRUCTURAL_PARTICLES = "的地得";
    private static final String ASPECT_PARTICLES = "了着过";
    private static final Set<String> ASPECT_POS = Set.of("ul", "uz", "ug");
    private static final String PLURAL_SUFFIXES = "们子";
    private static final Set<String> PLURAL_POS = Set.of("r", "n");
    private static final String LOCATIVE_SUFFIXES = "上下里";
    private static final Set<String> LOCATIVE_POS = Set.of("s", "l", "f");
    private static final String DIRECTIONAL_SUFFIXES = "来去";
    private static final String DIRECTIONAL_VERBS = "上下进出回过起开";
    private static final String BEFORE_MEASURE_GE = "几有两半多各整每做是";
    /** Marks after which 一 keeps its first tone. */
    private static final String PUNCTUATION = "：，；。？！“”‘’':,;.?!";

    /**
     * Characters that Python's {@code str.isnumeric()} accepts although their general category is
     * not a number (Han numerals and their variants; Unicode 14, as Python 3.11 has it).
     */
    private static final Set<Integer> HAN_NUMERIC = codePoints(
            "㐅㒃㠪㭍一七万三九二五亖亿什仟仨伍佰億兆兩八六十千卄卅卌叁参參叄四壱壹幺廾廿弌弍弎弐拾捌柒漆玖百肆萬貮貳贰阡陆陌陸"
            + "零參拾兩零六陸什𠀁𠁤𠃢𠄡𠤪𠦃𠦌𠦜𠫪𠫽𠬙𢎐𢦘𣬛𦉭廾");

    private final WordSplitter splitter;

    /** [any-thread] */
    public ToneSandhi(WordSplitter splitter) {
        this.splitter = splitter;
    }

    /**
     * Upstream's {@code _split_word} on the output of jieba's {@code cut_for_search(word)}: the
     * shortest sub-word (the first of equal length) and the rest of the word, in word order.
     * [any-thread]
     */
    public static WordSplitter fromSearchCut(Function<String, List<String>> cutForSearch) {
        return word -> {
            final List<String> cut = new ArrayList<>(cutForSearch.apply(word));
            cut.sort(Comparator.comparingInt(ToneSandhi::length));
            final String shortest = cut.get(0);
            if (word.indexOf(shortest) == 0) return List.of(shortest, word.substring(shortest.length()));
            return List.of(word.substring(0, word.length() - shortest.length()), shortest);
        };
    }

    /**
     * {@code modified_tone(word, pos, finals)}: 不, 一, neutral-tone and third-tone sandhi, in that
     * order. {@code finals} has one entry per character and is not modified. [any-thread]
     */
    public List<String> modifiedTone(String word, String pos, List<String> finals) {
        final String[] chars = chars(word);
        final List<String> f = new ArrayList<>(finals);
        buSandhi(chars, f);
        yiSandhi(word, chars, f);
        final List<String> neutral = neutralSandhi(word, chars, pos, f);
        return threeSandhi(word, chars, neutral);
    }

    // 看不懂: 不 inside a three-character word is neutral; otherwise 不 before a fourth tone is bu2.
    private static void buSandhi(String[] c, List<String> f) {
        if (c.length == 3 && c[1].equals("不")) {
            f.set(1, retone(f.get(1), '5'));
            return;
        }
        for (int i = 0; i < c.length; i++) {
            if (c[i].equals("不") && i + 1 < c.length && tone(f.get(i + 1)) == '4') f.set(i, retone(f.get(i), '2'));
        }
    }

    // 一 in a number keeps its tone; 看一看 → yi5; 第一 → yi1; before a fourth tone yi2, before
    // another syllable yi4, before punctuation unchanged.
    private static void yiSandhi(String word, String[] c, List<String> f) {
        if (word.contains("一") && Arrays.stream(c).filter(x -> !x.equals("一")).allMatch(ToneSandhi::isNumeric)) return;
        if (c.length == 3 && c[1].equals("一") && c[0].equals(c[2])) {
            f.set(1, retone(f.get(1), '5'));
        } else if (word.startsWith("第一")) {
            f.set(1, retone(f.get(1), '1'));
        } else {
            for (int i = 0; i + 1 < c.length; i++) {
                if (!c[i].equals("一")) continue;
                if (tone(f.get(i + 1)) == '4') f.set(i, retone(f.get(i), '2'));
                else if (!PUNCTUATION.contains(c[i + 1])) f.set(i, retone(f.get(i), '4'));
            }
        }
    }

    private List<String> neutralSandhi(String word, String[] c, String pos, List<String> f) {
        final int n = c.length;
        // reduplicated nouns, verbs and adjectives: 奶奶, 试试
        for (int j = 1; j < n; j++) {
            if (c[j].equals(c[j - 1]) && !pos.isEmpty() && "nva".indexOf(pos.charAt(0)) >= 0 && !MUST_NOT_NEUTRAL.contains(word)) {
                f.set(j, retone(f.get(j), '5'));
            }
        }
        final int ge = indexOf(c, "个");
        final int last = f.size() - 1;
        if (n >= 1 && SENTENCE_PARTICLES.contains(c[n - 1])) {
            f.set(last, retone(f.get(last), '5'));
        } else if (n >= 1 && STRUCTURAL_PARTICLES.contains(c[n - 1])) {
            f.set(last, retone(f.get(last), '5'));
        } else if (n == 1 && ASPECT_PARTICLES.contains(word) && ASPECT_POS.contains(pos)) {
            f.set(last, retone(f.get(last), '5'));
        } else if (n > 1 && PLURAL_SUFFIXES.contains(c[n - 1]) && PLURAL_POS.contains(pos) && !MUST_NOT_NEUTRAL.contains(word)) {
            f.set(last, retone(f.get(last), '5'));
        } else if (n > 1 && LOCATIVE_SUFFIXES.contains(c[n - 1]) && LOCATIVE_POS.contains(pos)) {
            f.set(last, retone(f.get(last), '5'));
        } else if (n > 1 && DIRECTIONAL_SUFFIXES.contains(c[n - 1]) && DIRECTIONAL_VERBS.contains(c[n - 2])) {
            f.set(last, retone(f.get(last), '5'));
        } else if ((ge >= 1 && (isNumeric(c[ge - 1]) || BEFORE_MEASURE_GE.contains(c[ge - 1]))) || word.equals("个")) {
            f.set(ge, retone(f.get(ge), '5'));
        } else if (isMustNeutral(word, c)) {
            f.set(last, retone(f.get(last), '5'));
        }
        // the listed words again, on each part of the word
        final List<String> parts = splitter.split(word);
        final int firstLength = Math.min(length(parts.get(0)), f.size());
        final List<List<String>> halves = List.of(new ArrayList<>(f.subList(0, firstLength)), new ArrayList<>(f.subList(firstLength, f.size())));
        for (int i = 0; i < 2; i++) {
            final String part = parts.get(i);
            if (isMustNeutral(part, chars(part))) {
                final List<String> half = halves.get(i);
                half.set(half.size() - 1, retone(half.get(half.size() - 1), '5'));
            }
        }
        return concat(halves.get(0), halves.get(1));
    }

    private static boolean isMustNeutral(String word, String[] c) {
        return MUST_NEUTRAL.contains(word) || MUST_NEUTRAL.contains(lastTwo(c));
    }

    private List<String> threeSandhi(String word, String[] c, List<String> f) {
        if (c.length == 2 && allThird(f)) {
            f.set(0, retone(f.get(0), '2'));
        } else if (c.length == 3) {
            final int firstLength = length(splitter.split(word).get(0));
            if (allThird(f)) {
                if (firstLength == 2) { // 蒙古/包
                    f.set(0, retone(f.get(0), '2'));
                    f.set(1, retone(f.get(1), '2'));
                } else if (firstLength == 1) { // 纸/老虎
                    f.set(1, retone(f.get(1), '2'));
                }
            } else {
                final int cut = Math.min(firstLength, f.size());
                final List<String> first = new ArrayList<>(f.subList(0, cut));
                final List<String> second = new ArrayList<>(f.subList(cut, f.size()));
                if (allThird(first) && first.size() == 2) first.set(0, retone(first.get(0), '2')); // 所有/人
                if (allThird(second) && second.size() == 2) {
                    second.set(0, retone(second.get(0), '2'));
                } else if (!allThird(second) && tone(second.get(0)) == '3' && tone(first.get(first.size() - 1)) == '3') { // 好/喜欢
                    first.set(first.size() - 1, retone(first.get(first.size() - 1), '2'));
                }
                return concat(first, second);
            }
        } else if (c.length == 4) { // an idiom as two two-character words
            final List<String> first = new ArrayList<>(f.subList(0, Math.min(2, f.size())));
            final List<String> second = new ArrayList<>(f.subList(Math.min(2, f.size()), f.size()));
            if (allThird(first)) first.set(0, retone(first.get(0), '2'));
            if (allThird(second)) second.set(0, retone(second.get(0), '2'));
            return concat(first, second);
        }
        return f;
    }

    private static boolean allThird(List<String> finals) {
        for (String x : finals) if (tone(x) != '3') return false;
        return true;
    }

    // ---- pre_merge_for_modify ----

    /**
     * {@code pre_merge_for_modify(seg)}: join 不 with the next word, reduplications around 一
     * (听/一/听) and 一 with the next word, repeated words, runs of third tones, and 儿 with the word
     * before it. {@code finals} is pypinyin's finals of a word, used by the third-tone merges; a
     * merge step that fails is skipped, as upstream's {@code try/except} does. [any-thread]
     */
    public static List<Word> preMergeForModify(List<Word> seg, FinalsLookup finals) {
        List<Word> out = mergeBu(seg);
        out = skipOnFailure(out, ToneSandhi::mergeYi);
        out = mergeReduplication(out);
        out = skipOnFailure(out, s -> mergeThirdTones(s, finals, false));
        out = skipOnFailure(out, s -> mergeThirdTones(s, finals, true));
        return mergeEr(out);
    }

    private static List<Word> skipOnFailure(List<Word> seg, Function<List<Word>, List<Word>> step) {
        try {
            return step.apply(seg);
        } catch (RuntimeException e) {
            return seg;
        }
    }

    private static List<Word> mergeBu(List<Word> seg) {
        final List<Word> out = new ArrayList<>();
        String previous = "";
        for (Word w : seg) {
            final String word = previous.equals("不") ? "不" + w.word() : w.word();
            if (!word.equals("不")) out.add(new Word(word, w.pos()));
            previous = word;
        }
        if (previous.equals("不")) out.add(new Word("不", "d"));
        return out;
    }

    private static List<Word> mergeYi(List<Word> seg) {
        // 听/一/听 → 听一听 (verbs only)
        final List<Word> joined = new ArrayList<>();
        for (int i = 0; i < seg.size(); ) {
            final Word w = seg.get(i);
            if (i >= 1 && w.word().equals("一") && i + 1 < seg.size()) {
                final Word last = joined.isEmpty() ? seg.get(i - 1) : joined.get(joined.size() - 1);
                final Word next = seg.get(i + 1);
                if (last.word().equals(next.word()) && last.pos().equals("v") && next.pos().equals("v")) {
                    joined.set(joined.size() - 1, new Word(last.word() + "一" + next.word(), last.pos()));
                    i += 2;
                    continue;
                }
            }
            joined.add(w);
            i++;
        }
        // a lone 一 takes the next word
        final List<Word> out = new ArrayList<>();
        for (Word w : joined) {
            final int last = out.size() - 1;
            if (last >= 0 && out.get(last).word().equals("一")) out.set(last, new Word("一" + w.word(), out.get(last).pos()));
            else out.add(w);
        }
        return out;
    }

    private static List<Word> mergeReduplication(List<Word> seg) {
        final List<Word> out = new ArrayList<>();
        for (Word w : seg) {
            final int last = out.size() - 1;
            if (last >= 0 && w.word().equals(out.get(last).word())) out.set(last, new Word(out.get(last).word() + w.word(), out.get(last).pos()));
            else out.add(w);
        }
        return out;
    }

    /**
     * {@code _merge_continuous_three_tones} (both words all third tones) or, with
     * {@code boundaryOnly}, {@code _merge_continuous_three_tones_2} (the third tones meet at the
     * boundary): join a word to the previous one when the two have at most three characters, the
     * previous one is not a reduplication and was not itself joined.
     */
    private static List<Word> mergeThirdTones(List<Word> seg, FinalsLookup lookup, boolean boundaryOnly) {
        final List<List<String>> finals = new ArrayList<>();
        for (Word w : seg) finals.add(lookup.finals(w.word()));
        final List<Word> out = new ArrayList<>();
        final boolean[] merged = new boolean[seg.size()];
        for (int i = 0; i < seg.size(); i++) {
            final Word w = seg.get(i);
            final boolean thirds = i >= 1 && (boundaryOnly
                    ? tone(last(finals.get(i - 1))) == '3' && tone(finals.get(i).get(0)) == '3'
                    : allThird(finals.get(i - 1)) && allThird(finals.get(i)));
            if (thirds && !merged[i - 1]) {
                final String previous = seg.get(i - 1).word();
                if (!isReduplication(previous) && length(previous) + length(w.word()) <= 3) {
                    final Word tail = out.get(out.size() - 1);
                    out.set(out.size() - 1, new Word(tail.word() + w.word(), tail.pos()));
                    merged[i] = true;
                    continue;
                }
            }
            out.add(w);
        }
        return out;
    }

    private static boolean isReduplication(String word) {
        final String[] c = chars(word);
        return c.length == 2 && c[0].equals(c[1]);
    }

    private static List<Word> mergeEr(List<Word> seg) {
        final List<Word> out = new ArrayList<>();
        for (int i = 0; i < seg.size(); i++) {
            final Word w = seg.get(i);
            if (i >= 1 && w.word().equals("儿") && !seg.get(i - 1).word().equals("#")) {
                final Word tail = out.get(out.size() - 1);
                out.set(out.size() - 1, new Word(tail.word() + w.word(), tail.pos()));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    // ---- helpers ----

    /** Python's {@code str.isnumeric()} for one character. */
    static boolean isNumeric(String ch) {
        final int cp = ch.codePointAt(0);
        final int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER
                || HAN_NUMERIC.contains(cp);
    }

    /** The tone digit of a final: its last character (upstream {@code f[-1]}); fails on "". */
    private static char tone(String fin) {
        if (fin.isEmpty()) throw new IndexOutOfBoundsException("empty final");
        return fin.charAt(fin.length() - 1);
    }

    /** {@code f[:-1] + tone}. */
    private static String retone(String fin, char tone) {
        return (fin.isEmpty() ? "" : fin.substring(0, fin.length() - 1)) + tone;
    }

    private static String last(List<String> list) {
        return list.get(list.size() - 1);
    }

    private static String lastTwo(String[] c) {
        return c.length <= 2 ? String.join("", c) : c[c.length - 2] + c[c.length - 1];
    }

    private static int indexOf(String[] c, String ch) {
        for (int i = 0; i < c.length; i++) if (c[i].equals(ch)) return i;
        return -1;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        final List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static String[] chars(String word) {
        return word.codePoints().mapToObj(Character::toString).toArray(String[]::new);
    }

    static int length(String word) {
        return word.codePointCount(0, word.length());
    }

    private static Set<String> words(String spaceSeparated) {
        return Set.copyOf(Arrays.asList(spaceSeparated.split(" ")));
    }

    private static Set<Integer> codePoints(String s) {
        final Set<Integer> out = new HashSet<>();
        s.codePoints().forEach(out::add);
        return Set.copyOf(out);
    }
}
