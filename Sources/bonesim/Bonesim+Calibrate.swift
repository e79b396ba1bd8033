import ArgumentParser
import BoneSim
import BoneSimPhysiology
import Foundation

extension Bonesim {
  struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the calibration rows of CALIBRATION.md computed on a typical patient.",
      discussion: """
        Runs the trial designs of the standard scenarios for one typical patient (no \
        variability) and prints each calibration target with the simulated value and \
        pass/fail. --set NAME=VALUE overrides a parameter of the integrated model (repeatable); \
        tools/calibrate/calibrate.py uses this to fit the free parameters.
        """)

    @Option(name: .customLong("set"), help: "Parameter override NAME=VALUE (repeatable).")
    var overrides: [String] = []

    @Flag(help: "Print one JSON object {id: simulated} instead of the table.")
    var json = false

    func run() throws {
      var values: [String: Double] = [:]
      for item in overrides {
        let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let v = Double(parts[1]) else {
          throw ValidationError("--set expects NAME=VALUE with a number, got '\(item)'")
        }
        values[parts[0]] = v
      }
      let table = try IntegratedModel.parameterTable.overriding(values)
      let results = try Calibration(model: IntegratedModel(parameters: table)).results()
      if json {
        let body = results.map { "\"\($0.target.id)\": \($0.simulated)" }.joined(separator: ", ")
        print("{\(body)}")
        return
      }
      let idWidth = results.map(\.target.id.count).max() ?? 4
      let measureWidth = results.map(\.target.measure.count).max() ?? 10
      for r in results {
        let id = r.target.id.padding(toLength: idWidth, withPad: " ", startingAt: 0)
        let measure = r.target.measure.padding(toLength: measureWidth, withPad: " ", startingAt: 0)
        let value = String(format: "%9.3f", r.simulated)
        let band = String(format: "[%.2f, %.2f]", r.target.band.lowerBound, r.target.band.upperBound)
        print("\(id)  \(measure)  \(value)  \(band.padding(toLength: 18, withPad: " ", startingAt: 0))  \(r.pass ? "pass" : "FAIL")  \(r.target.source)")
      }
      let failed = results.filter { !$0.pass }.count
      print("typical patient: \(results.count - failed) of \(results.count) rows in their bands")
    }
  }
}
