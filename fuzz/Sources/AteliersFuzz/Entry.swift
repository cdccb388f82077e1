import Foundation

// libFuzzer's `main` runs the binary (`--sanitize=fuzzer` builds the executable as a library: no top-level code),
// calling `LLVMFuzzerInitialize` once with argv, then `LLVMFuzzerTestOneInput` for each input.

/// Chooses the target (`ATELIERS_FUZZ_TARGET=NAME`, else an argument `--target=NAME`) and reads its fixed inputs.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>?,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    guard
        let target = FuzzTarget.chosen(
            arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)
    else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(
            Data("AteliersFuzz: name a target with ATELIERS_FUZZ_TARGET=NAME or --target=NAME (\(names))\n".utf8))
        exit(2)
    }
    FuzzHarness.prepare(target)
    return 0
}
