import Testing

@testable import AteliersWeb

@Suite struct HTMLTests {
    @Test func textIsEscapedInContentAndAttributes() {
        let text = "Tom & Jerry's <b>\"show\"</b>"
        let html: HTML = "<p title=\"\(text)\">\(text)</p>"
        #expect(
            html.markup
                == "<p title=\"Tom &amp; Jerry&#39;s &lt;b&gt;&quot;show&quot;&lt;/b&gt;\">"
                + "Tom &amp; Jerry&#39;s &lt;b&gt;&quot;show&quot;&lt;/b&gt;</p>")
    }

    @Test func markupInterpolatedIsKeptAndPlainTextIsUnchanged() {
        let inner: HTML = "<em>\("a < b")</em>"
        #expect(("<p>\(inner) \(3)</p>" as HTML).markup == "<p><em>a &lt; b</em> 3</p>")
        #expect(HTML.escape("Amphi G. Berger — Salle 2") == "Amphi G. Berger — Salle 2")
    }

    @Test func idsArePercentEncodedForLinks() {
        #expect(URLComponent.encode("atelier-1") == "atelier-1")
        #expect(URLComponent.encode("a b/c?d#é") == "a%20b%2Fc%3Fd%23%C3%A9")
        #expect(URLComponent.encode("\"><img>") == "%22%3E%3Cimg%3E")
    }
}
