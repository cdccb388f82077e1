/// The grid positions a page uses, as classes with their rules in the page's one style sheet: no `style`
/// attribute anywhere, so a `Content-Security-Policy` can allow that one `<style>` element by nonce or hash
/// (a `style` attribute would need `'unsafe-inline'`).
final class GridPlacement {
    private var rules: [String] = []
    private var known: Set<String> = []

    /// `y3-2`: `grid-row: 3 / span 2`.
    func rows(_ start: Int, span: Int) -> String {
        add("y\(start)-\(span)", "grid-row: \(start) / span \(span)")
    }

    /// `x2-1`: `grid-column: 2 / span 1`.
    func columns(_ start: Int, span: Int) -> String {
        add("x\(start)-\(span)", "grid-column: \(start) / span \(span)")
    }

    /// `g4-20-15`: a grid of 4 tracks and 20 rows of 15 minutes.
    func grid(tracks: Int, rows: Int, minutes: Int) -> String {
        add("g\(tracks)-\(rows)-\(minutes)", "--tracks: \(tracks); --rows: \(rows); --row-minutes: \(minutes)")
    }

    /// The rules, in the order of first use.
    var css: String { rules.joined() }

    private func add(_ name: String, _ declarations: String) -> String {
        if known.insert(name).inserted { rules.append(".\(name) { \(declarations); }\n") }
        return name
    }
}
