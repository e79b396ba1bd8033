import ArgumentParser
import BoneSim
import Foundation

extension Bonesim {
  struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a scenario over a design of parameter or field values (grid, zip, Latin hypercube).",
      discussion: """
        SWEEP is a YAML sweep file (docs/SCENARIOS.md, "Sweeps"). Writes design.csv (one row \
        per design point with its values) and summary.csv / effects.csv whose rows start \
        with design_point. --shard I/N runs only shard I (1-based) of N: contiguous, \
        deterministic ranges of design points, so the shards' rows concatenated in order are \
        the whole sweep's rows.
        """)

    @Argument(help: "Sweep file.")
    var sweep: String

    @Option(name: .long, help: ArgumentHelp("Run only shard I of N (e.g. 2/3).", valueName: "I/N"))
    var shard: String?

    @OptionGroup var options: RunOptions

    func parsedShard() throws -> (index: Int, count: Int) {
      guard let shard else { return (1, 1) }
      let parts = shard.split(separator: "/")
      guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
        throw ValidationError("--shard must be I/N with 1 <= I <= N, e.g. 2/3; got \(shard)")
      }
      return (i, n)
    }

    func validate() throws { _ = try parsedShard() }

    func run() throws {
      let shard = try parsedShard()
      try reportingErrors {
        var request = SweepRequest(
          path: sweep, outputDirectory: options.out, shardIndex: shard.index, shardCount: shard.count,
          threads: options.threads, perPatient: options.perPatient, showProgress: !options.quiet)
        request.maxFailedFraction = options.maxFailedFraction
        request.stop = StopSignal.installed()
        let directory = try SweepRunner.run(request)
        if !options.quiet { FileHandle.standardError.write(Data("wrote \(directory)/\n".utf8)) }
      }
    }
  }
}
