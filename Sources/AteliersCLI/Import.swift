import ArgumentParser
import Ateliers
import Foundation

extension AteliersCommand {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge programme sources and write them as the canonical YAML file.")

        @OptionGroup var programme: ProgrammeOptions

        @Option(name: .shortAndLong, help: "Write the YAML here (atomically) instead of standard output.")
        var output: String?

        func run() async throws {
            try await guarded {
                let (loaded, _) = try await programme.load()
                let yaml = try YAMLProgrammeWriter.yaml(for: loaded.programme)
                if let output {
                    try writeWhole(yaml, to: output)
                } else {
                    print(yaml, terminator: "")
                }
            }
        }
    }
}
