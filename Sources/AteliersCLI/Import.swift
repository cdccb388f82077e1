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
                    var isFolder: ObjCBool = false
                    if FileManager.default.fileExists(atPath: output, isDirectory: &isFolder), isFolder.boolValue {
                        throw Failure.input("\(output): error: --output is a folder, not a file")
                    }
                    do {
                        try Data(yaml.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                    } catch {
                        throw Failure.input("\(output): error: cannot write: \(writeFailure(error))")
                    }
                } else {
                    print(yaml, terminator: "")
                }
            }
        }
    }
}
