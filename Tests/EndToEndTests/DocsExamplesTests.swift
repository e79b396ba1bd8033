import BoneSim
import BoneSimScenario
import Foundation
import Testing

@Suite("Every example in docs/SCENARIOS.md loads")
struct DocsExamplesTests {
  /// The ```yaml blocks of docs/SCENARIOS.md with the line each starts on.
  static func examples() throws -> [(line: Int, text: String)] {
    let doc = try read(packageRoot.appendingPathComponent("docs/SCENARIOS.md").path)
    var out: [(Int, String)] = []
    var current: [String]?
    var start = 0
    for (i, line) in doc.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if current == nil, line == "```yaml" {
        current = []
        start = i + 2
      } else if current != nil, line == "```" {
        out.append((start, current!.joined(separator: "\n") + "\n"))
        current = nil
      } else if current != nil {
        current!.append(String(line))
      }
    }
    return out
  }

  @Test("there are examples for every feature")
  func count() throws {
    let all = try Self.examples().map(\.text)
    #expect(all.count >= 9)
    for feature in ["covariates:", "variability:", "correlations:", "dosing:", "cycle:", "wear:", "exercise:", "hold: linear", "hold: step", "nutrition:", "inputs:", "parameters:", "method: grid", "method: zip", "method: latin_hypercube"] {
      #expect(all.contains { $0.contains(feature) }, "no example shows \(feature)")
    }
  }

  @Test("each scenario example binds to the model; each sweep example expands and binds")
  func load() throws {
    let standard = packageRoot.appendingPathComponent("scenarios").path
    for (line, text) in try Self.examples() {
      let file = "docs/SCENARIOS.md:\(line)"
      do {
        if text.contains("\nmethod:") || text.hasPrefix("method:") {
          let sweep = try Sweep.decode(yaml: text, file: file)
          let base = try String(contentsOfFile: "\(standard)/\(sweep.scenario).yaml", encoding: .utf8)
          let root = try ScenarioNode.parse(base, file: sweep.scenario)
          let points = sweep.designPoints()
          #expect(!points.isEmpty)
          for p in points {
            let scenario = try Scenario.decode(sweep.apply(p, to: root))
            _ = try ScenarioRunner.check(scenario)
          }
        } else {
          _ = try ScenarioRunner.check(ScenarioSource(path: file, text: text))
        }
      } catch {
        Issue.record("example at \(file) does not load:\n\(error)")
      }
    }
  }

  @Test("every scenario in examples/scenarios binds to the model (they are run from the docs)")
  func exampleFiles() throws {
    let folder = packageRoot.appendingPathComponent("examples/scenarios").path
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(files.count >= 3)
    for name in files {
      let path = "examples/scenarios/\(name)"
      do {
        _ = try ScenarioRunner.check(ScenarioSource(path: path, text: try read("\(folder)/\(name)")))
      } catch {
        Issue.record("\(path) does not load:\n\(error)")
      }
    }
  }
}
