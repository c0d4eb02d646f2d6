import CFuzzDriver
import Foundation
import FuzzTargets

// aftermath-fuzz: libFuzzer over one FuzzTarget (see `make fuzz`).
//
//   AFTERMATH_FUZZ_TARGET=<target> aftermath-fuzz [libFuzzer flags] [corpus dirs]
//   aftermath-fuzz --list
//
// Built with `-parse-as-library`: SwiftPM links an executable's entry point as `<Module>_main`,
// which is defined here and hands the command line to libFuzzer's driver.

/// The target of this run: libFuzzer's callback is a C function and cannot capture it.
nonisolated(unsafe) var selectedTarget = FuzzTarget.generic

@_cdecl("AftermathFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    if CommandLine.arguments.dropFirst().first == "--list" {
        print(FuzzTarget.allCases.map(\.rawValue).joined(separator: "\n"))
        return 0
    }
    let name = ProcessInfo.processInfo.environment["AFTERMATH_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("aftermath-fuzz: set AFTERMATH_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
        return 2
    }
    selectedTarget = target
    // One-time set-up (the redactor's compiled rules: Foundation keeps a little of each regex for
    // good) happens before libFuzzer watches for leaks, so only leaks per input are reported.
    target.run(Array("warm-up".utf8))
    var count = argc
    var arguments = argv
    let status = aftermath_fuzz_run(&count, &arguments) { data, size in
        selectedTarget.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
    if status == -1 {
        FileHandle.standardError.write(Data("aftermath-fuzz: built without libFuzzer; run `make fuzz`\n".utf8))
        return 2
    }
    return status
}
