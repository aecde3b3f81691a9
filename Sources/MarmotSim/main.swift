import ArgumentParser
import Foundation
import Simulator

// marmot-sim: run scenario files, or explore random runs derived from seeds.
//   marmot-sim run Scenarios/*.scenario
//   marmot-sim explore --seeds 500 [--start 1]
//   marmot-sim explore --seed 42
//   marmot-sim bench [--transactions N] [--explorer-seeds N]
// Exit codes: 0 ok, 1 correctness violation, 2 liveness failure, 3 crash or internal error.

struct MarmotSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "marmot-sim",
        abstract: "Deterministic simulation of a Marmot cluster.",
        subcommands: [Run.self, Explore.self, Bench.self]
    )
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run scenario files (Scenarios/README.md describes the language).")

    @Argument(help: "Scenario files.")
    var files: [String]

    @Option(help: "Replace the seed of the cluster line.")
    var seed: UInt64?

    @Flag(help: "Keep the nodes' data directories.")
    var keepData = false

    @Flag(help: "Print node logs and membership changes.")
    var verbose = false

    func run() throws {
        var options = ScenarioRunner.Options(seed: seed)
        options.keepData = keepData
        options.verbose = verbose
        // The run's parameters and fault commands always; node logs with --verbose.
        options.log = { line in print(line) }
        var worst: Verdict = .passed
        var passed = 0
        for file in files {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                print("\(file): cannot read: \(error)")
                worst = CLI.worse(worst, .crash)
                continue
            }
            CrashReport.set(seedLine: "while running \(file)\n", scenario: nil, directory: nil)
            let outcome = ScenarioRunner(options: options).run(text: text, file: file)
            print(outcome)
            if outcome.passed { passed += 1 } else { worst = CLI.worse(worst, outcome.verdict) }
        }
        print("\(passed) passed, \(files.count - passed) failed")
        if worst != .passed { throw ExitCode(worst.rawValue) }
    }
}

struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run random clusters, workloads and faults derived from seeds.")

    @Option(help: "How many seeds to run.")
    var seeds: Int?

    @Option(help: "The first seed of --seeds.")
    var start: UInt64 = 1

    @Option(help: "Run (replay) just this seed.")
    var seed: UInt64?

    @Option(help: "Where reproductions are written.")
    var out = "Scenarios/found"

    @Option(help: "Runs spent shrinking a failure.")
    var shrinkAttempts = 40

    @Flag(help: "Stop at the first failing seed.")
    var stopOnFailure = false

    @Flag(help: "Print the generated scenario of each seed.")
    var printScenario = false

    @Flag(help: "Print node logs and membership changes.")
    var verbose = false

    @Flag(help: "Keep the nodes' data directories.")
    var keepData = false

    func validate() throws {
        if seed == nil && seeds == nil { throw ValidationError("give --seeds N [--start S] or --seed S") }
        if seed != nil && seeds != nil { throw ValidationError("--seed and --seeds exclude each other") }
    }

    func run() throws {
        var options = Explorer.Options()
        options.outputDirectory = out
        options.shrinkAttempts = shrinkAttempts
        options.runner.keepData = keepData
        options.runner.verbose = verbose
        options.log = { line in print(line) }
        if verbose { options.runner.log = { line in print(line) } }
        let explorer = Explorer(options: options)
        let list: [UInt64] = seed.map { [$0] } ?? (0..<UInt64(seeds!)).map { start + $0 }
        var worst: Verdict = .passed
        var failed: [(UInt64, Verdict, String?)] = []
        for s in list {
            let run = Explorer.generate(seed: s)
            let text = Explorer.render(run, header: ["explorer seed \(s) (crashed while running: replay with marmot-sim explore --seed \(s))"] + run.parameters)
            CrashReport.set(seedLine: "crash while running explorer seed \(s): replay with marmot-sim explore --seed \(s)\n",
                            scenario: text, directory: out, seed: s)
            if printScenario { print(Explorer.render(run)) }
            let result = explorer.explore(seed: s)
            CrashReport.clearScenario()
            let o = result.outcome
            print("seed \(s): \(o.verdict) (\(o.virtualMillis)ms virtual, \(o.events) events, trace \(String(o.traceHash, radix: 16)); replies: \(o.replySummary))")
            fflush(nil)
            if !o.passed {
                failed.append((s, o.verdict, result.reproductionFile))
                worst = CLI.worse(worst, o.verdict)
                if stopOnFailure { break }
            }
        }
        CrashReport.clear()
        print("\(list.count - failed.count) passed, \(failed.count) failed")
        for (s, v, file) in failed {
            print("  seed \(s): \(v)\(file.map { " -> " + $0 } ?? "")")
        }
        if worst != .passed { throw ExitCode(worst.rawValue) }
    }
}

enum CLI {
    /// The exit code of several runs: a crash first, then a correctness violation, then liveness.
    static func worse(_ a: Verdict, _ b: Verdict) -> Verdict {
        for v in [Verdict.crash, .correctness, .liveness] where a == v || b == v { return v }
        return .passed
    }
}

/// A node that traps (a precondition, a fatalError) kills the process: a signal handler
/// prints which seed was running, saves its scenario as a reproduction, and exits with 3.
enum CrashReport {
    nonisolated(unsafe) static var message: [CChar] = []
    nonisolated(unsafe) static var scenarioPath: [CChar] = []
    nonisolated(unsafe) static var armed = false

    static func set(seedLine: String, scenario: String?, directory: String?, seed: UInt64 = 0) {
        message = Array(seedLine.utf8CString)
        scenarioPath = []
        if let scenario, let directory {
            let path = directory + "/seed-\(seed)-crash.scenario"
            // Written before the run, removed after it unless the process dies.
            if (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil,
               (try? scenario.write(toFile: path, atomically: false, encoding: .utf8)) != nil {
                scenarioPath = Array(path.utf8CString)
            }
        }
        if !armed {
            armed = true
            for sig in [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE] { signal(sig, crashHandler) }
        }
    }

    /// The previous run ended: its crash reproduction is not needed.
    static func clearScenario() {
        if !scenarioPath.isEmpty { unlink(scenarioPath) }
        scenarioPath = []
    }

    static func clear() { clearScenario(); message = [] }
}

private func crashHandler(_ signal: Int32) {
    CrashReport.message.withUnsafeBufferPointer { buffer in
        if buffer.count > 1 { _ = write(2, buffer.baseAddress, buffer.count - 1) }
    }
    if !CrashReport.scenarioPath.isEmpty {
        let note: [CChar] = Array("reproduction kept at ".utf8CString)
        note.withUnsafeBufferPointer { _ = write(2, $0.baseAddress, $0.count - 1) }
        CrashReport.scenarioPath.withUnsafeBufferPointer { _ = write(2, $0.baseAddress, $0.count - 1) }
        _ = write(2, "\n", 1)
    }
    _exit(3)
}

MarmotSim.main()
