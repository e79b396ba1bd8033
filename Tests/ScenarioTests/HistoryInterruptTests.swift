import BoneSim
import BoneSimScenario
import Foundation
import Testing

/// SIGINT during the history run-in (years of menopausal transition before day 0) stops the
/// run within `historyPollDays` days of history, not after the whole run-in; and polling the
/// stop flag there changes no byte of the results.
@Suite("Interrupts during the history run-in")
struct HistoryInterruptTests {
  static let yaml = """
    name: history_interrupt
    duration_days: 60
    output_interval_days: 30
    cohort:
      patients: 8
      covariates:
        patient.age: {value: 46, unit: y}
        patient.yearsSinceFMP: {distribution: uniform, min: -4.5, max: -4, unit: y}
    control: control
    arms:
      control: {}
    """

  func folder() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("bonesim-test-\(UUID().uuidString)").appendingPathComponent("out").path
  }

  @Test("an interrupt raised at the second poll stops inside the history, nothing is written")
  func stopsInsideHistory() throws {
    let source = ScenarioSource(path: "history.yaml", text: Self.yaml)
    let scenario = try Scenario.decode(yaml: Self.yaml, file: "history.yaml")
    let out = folder()
    // Check 1 is the chunk's start; check 2 the first poll of its history.
    let request = RunRequest(source: source, outputDirectory: out, stop: StopSignal(raisingAtCheck: 2))
    do {
      _ = try ScenarioRunner.run(scenario, request: request, model: makeDefaultModel())
      Issue.record("the run was not interrupted")
    } catch let RunError.interrupted(signal, position) {
      #expect(signal == SIGINT)
      #expect(position.hasPrefix("history day 180 of "), "\(position)")
    }
    #expect(!FileManager.default.fileExists(atPath: out))
    let parent = URL(fileURLWithPath: out).deletingLastPathComponent().path
    #expect(((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).allSatisfy { !$0.contains(".partial-") })
  }

  @Test("the history is polled every 180 days and at its end (3 times for a 366-day run-in), and the results do not change")
  func pollsDoNotChangeResults() throws {
    let source = ScenarioSource(path: "history.yaml", text: Self.yaml)
    let scenario = try Scenario.decode(yaml: Self.yaml, file: "history.yaml")
    let quiet = folder(), polled = folder()
    _ = try ScenarioRunner.run(scenario, request: RunRequest(source: source, outputDirectory: quiet), model: makeDefaultModel())
    let stop = StopSignal(raisingAtCheck: Int.max)
    _ = try ScenarioRunner.run(scenario, request: RunRequest(source: source, outputDirectory: polled, stop: stop), model: makeDefaultModel())
    // 1 chunk start + history polls + 1 checkpoint of the trial (`ScenarioRun.checkpoints`:
    // its last output day, 60) + 1 before publishing. The run-in is 1 y (from 5 y before the
    // FMP, the premenopausal reference, to 4 y before it; age 45 to 46): 366 days, polled at
    // days 180, 360 and 366.
    let historyPolls = stop.checksMade - 1 - 1 - 1
    #expect(historyPolls == 3, "\(stop.checksMade) checks")
    for file in ["summary.csv", "effects.csv"] {
      #expect(try Data(contentsOf: URL(fileURLWithPath: "\(quiet)/\(file)")) == Data(contentsOf: URL(fileURLWithPath: "\(polled)/\(file)")))
    }
  }
}
