import ArgumentParser
import BoneSim
import BoneSimScenario
import Foundation

extension Bonesim {
  struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a scenario over a design of parameter or field values (grid, zip, Latin hypercube).",
      discussion: """
        SWEEP is a YAML sweep file (docs/SCENARIOS.md, "Sweeps"). Writes design.csv (one row \
        per design point with its values) and summary.csv / effects.csv whose rows start \
        with design_point, assembled from points/<i>/ (one folder per design point, written \
        as each point completes). --shard I/N runs only shard I (1-based) of N: contiguous, \
        deterministic ranges of design points; `bonesim merge` joins shard folders. \
        --shard /N takes I from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX (0-based) plus \
        BONESIM_SHARD_OFFSET. --resume keeps the design points already complete in --out.
        """)

    @Argument(help: "Sweep file.")
    var sweep: String

    @Option(
      name: .long,
      help: ArgumentHelp("Run only shard I of N (e.g. 2/3), or /N to read I from the scheduler's environment.", valueName: "I/N"))
    var shard: String?

    @Flag(name: .long, help: "Keep design points already complete in the output folder (checksums match); run the rest.")
    var resume = false

    @Option(name: .long, help: "Patients per arm at every design point (overrides the base scenario's cohort.patients).")
    var patients: Int?

    @OptionGroup var options: RunOptions

    @OptionGroup var uncertainty: UncertaintyOptions

    func parsedShard() throws -> ShardSpec {
      guard let shard else { return .whole }
      do {
        return try ShardSpec.parse(shard, environment: ProcessInfo.processInfo.environment)
      } catch let error as ShardSpec.Invalid {
        throw ValidationError(error.description)
      }
    }

    func validate() throws {
      if let patients, !(1...100_000_000).contains(patients) {
        throw ValidationError("--patients must be between 1 and 100000000; got \(patients)")
      }
      _ = try parsedShard()
    }

    func run() throws {
      let shard = try parsedShard()
      try reportingErrors {
        var request = SweepRequest(
          path: sweep, outputDirectory: options.out, shardIndex: shard.index, shardCount: shard.count,
          threads: options.threads, perPatient: options.perPatient, showProgress: !options.quiet, resume: resume)
        request.maxFailedFraction = options.maxFailedFraction
        request.patients = patients
        request.outputs = options.outputList
        request.maxMemoryGB = options.maxMemory
        request.parameterEnsemble = try uncertainty.loadEnsemble()
        request.stop = StopSignal.installed()
        let directory = try SweepRunner.run(request)
        if !options.quiet { FileHandle.standardError.write(Data("wrote \(directory)/\n".utf8)) }
      }
    }
  }
}
