import Segmentation
import Testing
import TMKitCore

/// News-style Korean cases; `│` marks each expected boundary.
@Suite struct KoreanCaseTests {
    static let cases: [MarkedCase] = [
        // Sentence endings
        "북한이 미사일 2발을 발사했다.│ 합참은 경계 태세를 강화했다.",
        "정말 그렇습니까?│ 전문가들의 의견은 엇갈린다.",
        "회의는 오후에 열렸어요.│ 모두 참석했죠.│ 결과는 어땠을까요?",
        "가격이 올랐다!│ 주민들이 놀랐다.",
        "이 기사는 통일미디어그룹을 통해 북한 주민들에게 방송됐습니다.│ 감사합니다.",
        "김정은 국무위원장은 8일 현장을 시찰했다.│ 조선중앙통신이 9일 보도했다.",
        "소식통에 따르면 단속은 10월 10일까지 계속된다.│ 당 창건일이다.",
        "(서울=연합뉴스) 북한이 15일 새벽 동해상으로 탄도미사일을 발사했다.│ 군 당국은 추가 발사에 대비하고 있다.",
        // Quoted speech with 라고 / 고 / 며
        "그는 “더 이상 참을 수 없다.”고 밝혔다.│ 당국은 대응하지 않았다.",
        "그는 “더 이상 참을 수 없다”고 밝혔다.│ 당국은 침묵했다.",
        "소식통은 “왜 이런 일을 하느냐?”며 불만을 드러냈다.│ 주민들도 동의했다.",
        "그는 “가자!”라고 외쳤다.│ 군중이 따랐다.",
        "그는 “언제 끝나나요?”라고 물었다.│ 답은 없었다.",
        "그는 “회의는 끝났다. 이제 돌아가라.”고 말했다.│ 모두 흩어졌다.",
        "북한은 “미국의 적대 정책이 계속되는 한 대화는 없다”고 주장했다.│ 미국은 즉각 반박했다.",
        "보위부는 이를 ‘100일 전투’라고 불렀다.│ 전투는 9월에 시작됐다.",
        "주민들은 ‘자본주의 요소’에 대한 단속이 심해졌다고 말했다.│ 특히 젊은 층이 대상이다.",
        // Latin abbreviations, decimals and symbols inside Korean
        "Dr. Kim이 회의를 주재했다.│ 그는 결과에 만족했다.",
        "U.S. 정부는 제재를 발표했다.│ 북한은 반발했다.",
        "그는 Ph.D. 학위를 받았다.│ 이후 연구소에 들어갔다.",
        "물가가 3.5% 올랐다.│ 쌀값은 1kg에 5,000원이다.",
        "정부는 2.5%의 성장을 예상했다.│ IMF는 1.8%로 내다봤다.",
        "美·中 정상회담이 열렸다.│ 양국은 공동성명을 발표했다.",
        "올해 1~3월 무역액은 약 5억 달러였다.│ 전년보다 12.5% 줄었다.",
        "회담은 오전 10시(현지 시각)에 시작됐다.│ 2시간 동안 진행됐다.",
        // Hard wraps: joined inside a sentence, cut after a final ending without punctuation
        "평양이 모든 국가 기관에\n범죄와의 전쟁을 지시했다.│ 이에 따라 단속이 시작됐다.",
        "배들이 동해 바다\n위에 떠 있었다.",
        "국경 경비가 강화됐다│\n주민들은 불안해하고 있다.│\n당국은 아무 말도\n하지 않았다.",
        "보고서가 나왔어요│\n결과는 좋지 않았죠│\n다음 달에 다시 발표한다.",
        "주요\n기관들이 참여했다.",
        // Lists
        "1. 밀수 행위 금지│ 2. 불법 통화 신고│ 3. 국경 경비 강화",
        "다음과 같이 지시했다.│\n- 밀수 금지│\n- 불법 통화 단속",
        // Citations, brackets and quotatives written apart
        "그는 1990년에 태어났다.[2]│ 이후 서울로 이주했다.",
        "1위는 나달(22.스페인)이 차지했다.│ 2위는 페더러였다.",
        "그는 “끝났다. 이제 돌아가라.” 고 말했다.│ 모두 흩어졌다.",
        "요리가 만족스럽습니다.│ 고 정주영 회장의 단골집이었다고 합니다.",
        "정말 대단하다!!│ 어떻게 이럴 수가??│ 그래도 좋다……│ 다음에 또 보자.",
    ]

    /// Reviews, chat and spoken queries: sentences that end in a final ending or an
    /// emoticon without punctuation, and words that look like endings but go on.
    static let unpunctuatedCases: [MarkedCase] = [
        "가격도 저렴하고 맛있어요 │다음에 또 올게요",
        "서울역까지 가는 길 알려줘 │지금 몇 시야",
        "직원들이 정말 친절하네요~ │분위기도 좋았습니다.",
        "주차장이 넓어서 좋았어요ㅎㅎ │다음에 또 방문할게요.",
        "배송이 너무 늦었어요 ㅠㅠ │다시는 안 시킬 듯",
        "제일 가까운 약국이 어디 있지 │이 근처에는 없나요",
        "오늘은 너무 피곤했음 │내일 다시 가야겠다",
        "이 식당은 정말 맛있습니다 │강력히 추천합니다",
        "그 영화 봤니 │정말 재미있더라",
        "대전까지 얼마나 걸릴까 │차로 가면 두 시간이다.",
        // Not ends: nouns and connectives that look like endings, clauses that go on
        "주요 내용은 다음과 같다.",
        "필요 없는 물건은 모두 버렸다.",
        "캐나다 정부는 성명을 냈다.",
        "바다 위에 배가 떠 있었다.",
        "두 사람은 바다에서 수영하다 익사했다.",
        "환율은 129달러 사이를 오르내리다 오후 늦게 반등했다.",
        "그는 가게에 갔다 왔다.",
        "그런 일은 있지 않았다.",
        "비가 올까 봐 우산을 챙겼다.",
        "고공행진을 하는 듯 보였다.",
        "그는 “좋아요 다음에 봐요”라고 말했다.",
        "식당은 (맛있어요 정말) 괜찮은 편이다.",
        "수요 증가로 가격이 올랐다.",
        "혼다 자동차는 신차를 발표했다.",
        "판다 푸바오가 중국으로 돌아갔다.",
        "우간다 정부는 성명을 냈다.│ 그러나 야당은 반발했다.",
        "그는 가요 프로그램에 출연했다.",
        "민요 공연이 열렸다.",
        "마야 문명은 멸망했다.",
        "마치 꿈을 꾸는 듯 황홀한 밤이었다.",
        "영업시간은 오전 9시~ 오후 6시이다.",
        "정치; 경제 분야가 함께 논의됐다.",
        "시민들은 ‘우리는 할 수 있다 모두 힘내자’고 외쳤다.",
        "[맛있어요 정말] 방문 후기를 남깁니다.",
        "그는 할 말이 없다 며 자리를 떴다.",
        "가격은 １．５배 올랐다.",
        "회의는 끝났다．│다음 회의는 내일이다．",
        "분위기가 좋네요~ │또 올게요",
    ]

    @Test(arguments: unpunctuatedCases)
    func unpunctuated(_ testCase: MarkedCase) throws {
        #expect(try sentences(testCase.input, language: .korean) == testCase.expected)
    }

    @Test(arguments: cases)
    func korean(_ testCase: MarkedCase) throws {
        #expect(try sentences(testCase.input, language: .korean) == testCase.expected)
    }

    @Test func atLeastThirtyCases() {
        #expect(Self.cases.count >= 30)
    }

    @Test func autoDetectionPicksKoreanByHangulShare() {
        #expect(LanguageDetection.guess(TextDocument("북한이 미사일 2발을 발사했다. IMF는 1.8%로 내다봤다.")) == .korean)
        #expect(LanguageDetection.guess(TextDocument("Pyongyang called it 100일 전투 in Korean.")) == .english)
        #expect(LanguageDetection.guess(TextDocument("")) == .english)
    }
}
