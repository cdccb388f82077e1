import Ateliers
import AteliersServer
import AteliersWeb
import Foundation

/// The readers one fuzzer binary feeds, one per run, chosen by name.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// ``ProgrammePageImporter``: the French programme pages of `seeds/`.
    case page
    /// ``YAMLProgrammeImporter``: the canonical YAML (its streaming subset parser, and Yams beyond it).
    case yaml
    /// ``CSVProgrammeImporter``: a spreadsheet of sessions.
    case csv
    /// ``FrabXMLImporter``: frab / pretalx `schedule.xml`.
    case frabXML = "frab-xml"
    /// ``FrabJSONImporter``: the c3voc `schedule.json`.
    case c3vocJSON = "c3voc-json"
    /// ``ICSProgrammeImporter``: any iCalendar feed, through libical.
    case ics
    /// ``AttendeeImporter``: attendee picks, every input read both as CSV and as YAML.
    case picks
    /// The agenda builder's form: ``FormBody`` decoding the `session` values of a posted body, then the page and
    /// the personal feed of those picks.
    case form

    /// The name an input gets: its extension chooses the format and the text decoding, as for a file.
    var path: String {
        switch self {
        case .page: "fuzz.txt"
        case .yaml: "fuzz.yaml"
        case .csv, .picks: "fuzz.csv"
        case .frabXML: "fuzz.xml"
        case .c3vocJSON: "fuzz.json"
        case .ics: "fuzz.ics"
        case .form: "fuzz.form"
        }
    }

    /// The target `ATELIERS_FUZZ_TARGET` names, else the one an argument `--target=NAME` names (libFuzzer leaves
    /// arguments that start with `--` alone and hands them on to the processes it forks).
    static func chosen(arguments: [String], environment: [String: String]) -> FuzzTarget? {
        if let name = environment["ATELIERS_FUZZ_TARGET"] { return FuzzTarget(rawValue: name) }
        let prefix = "--target="
        guard let argument = arguments.last(where: { $0.hasPrefix(prefix) }) else { return nil }
        return FuzzTarget(rawValue: String(argument.dropFirst(prefix.count)))
    }
}
