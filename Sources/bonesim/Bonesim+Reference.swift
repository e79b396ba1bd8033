import ArgumentParser
import BoneSim
import BoneSimIO
import BoneSimPhysiology
import Foundation

extension ReferenceModel: ExpressibleByArgument {}
extension StepperChoice: ExpressibleByArgument {}

extension Bonesim {
  struct Reference: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a published core model alone (for verification against other implementations).",
      discussion: """
        Models: lemaire2004 (load cases 1-9), pivonka2008 (1), scheiner2013 (1: disuse). \
        Load cases are numbered as in the PyPI package bone-models 0.1.0; 0 is the \
        unperturbed steady state. Writes CSV with a header and one row per day: \
        day,OBp,OBa,OCa (cells in pM) plus f_vas,f_bm (percent) for scheiner2013.
        """)

    @Argument(help: "lemaire2004, pivonka2008 or scheiner2013.")
    var model: ReferenceModel

    @Option(name: .long, help: "Load case number as in bone-models (0 = steady state).")
    var loadCase: Int = 1

    @Option(name: .long, help: "Horizon in days (default: 140, 200, 3000 by model).")
    var days: Int?

    @Option(name: .long, help: "Integrator: rk4, euler or split-euler.")
    var stepper: StepperChoice = .rk4

    @Option(name: .long, help: "Steps per day.")
    var substeps: Int = 8

    @Option(name: .long, help: "Patients; more than 1 runs a perturbed cohort and writes the cohort mean per day.")
    var patients: Int = 1

    @Option(name: .long, help: "Seed of the cohort's perturbations.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Worker threads for a cohort.")
    var threads: Int = 1

    @Option(name: .long, help: "Output file (default: standard output).")
    var out: String?

    @Option(
      name: .long,
      help: ArgumentHelp("Memory to plan with in GB (default: what the machine or cgroup has available).", valueName: "GB"))
    var maxMemory: Double?

    func validate() throws {
      guard model.loadCases.contains(loadCase) else {
        throw ValidationError(
          "\(model.rawValue) has load cases \(model.loadCases.lowerBound)...\(model.loadCases.upperBound); got \(loadCase)")
      }
      if let days, !(1...1_000_000).contains(days) {
        throw ValidationError("--days must be between 1 and 1000000; got \(days)")
      }
      guard (1...100_000_000).contains(patients) else {
        throw ValidationError("--patients must be between 1 and 100000000; got \(patients)")
      }
      guard (1...256).contains(threads) else {
        throw ValidationError("--threads must be between 1 and 256; got \(threads)")
      }
      guard (1...1024).contains(substeps) else {
        throw ValidationError("--substeps must be between 1 and 1024; got \(substeps)")
      }
      if let maxMemory, !(maxMemory > 0 && maxMemory.isFinite) {
        throw ValidationError("--max-memory must be a positive number of GB; got \(maxMemory)")
      }
    }

    func run() throws {
      let run = try ReferenceRun(
        model: model, loadCase: loadCase, days: days, stepper: stepper, substeps: substeps,
        patients: patients, seed: seed, execution: threads == 1 ? .serial : .threads(threads))
      // Refused before anything is allocated or written (exit 2, as `run`).
      let estimate = run.memoryEstimate(overrideGB: maxMemory)
      try reportingErrors { if !estimate.fits { throw RunError.insufficientMemory(estimate) } }
      let start = Date()
      let text = try run.csv()
      if patients > 1 {
        let seconds = Date().timeIntervalSince(start)
        FileHandle.standardError.write(Data(
          "simulated \(patients) patients × \(run.days) days in \(String(format: "%.3f", seconds)) s (\(String(format: "%.3g", Double(patients * run.days) / seconds)) patient-days/s, including set-up and CSV)\n".utf8))
      }
      if let out {
        try AtomicFile.write(text, to: out)
        FileHandle.standardError.write(
          Data("wrote \(out): \(model.rawValue) load case \(loadCase), \(run.days) days\n".utf8))
      } else {
        FileHandle.standardOutput.write(Data(text.utf8))
      }
    }
  }
}
