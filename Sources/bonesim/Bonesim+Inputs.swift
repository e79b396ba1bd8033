import ArgumentParser
import BoneSim
import BoneSimIO
import BoneSimPhysiology
import BoneSimScenario

extension Bonesim {
  struct Inputs: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print every input a scenario can set: where, unit, default, range, meaning, source.",
      discussion: """
        One row per input of the integrated model, read from the model's input table: the \
        scenario key that sets it (dosing agent and route, exercise type, nutrient, \
        energy_availability, cohort covariate or random effect, or inputs.<name>), its unit, \
        the value used when a scenario says nothing (nutrition defaults are an adequate diet, \
        so a supplement arm differs from control only if control's diet is set lower; see \
        baseline: in docs/SCENARIOS.md), the accepted range, what it means and where the \
        numbers come from. docs/INPUTS.md embeds the markdown form.
        """)

    @Option(help: "markdown or csv.")
    var format: String = "markdown"

    func validate() throws {
      guard ["markdown", "csv"].contains(format) else {
        throw ValidationError("unknown format '\(format)'; expected markdown or csv")
      }
    }

    func run() {
      let inputs = IntegratedModelInterface.inputs
      print(format == "csv" ? InputCatalogue.csvRows(inputs).map(CSVFormat.quotedLine).joined() : InputCatalogue.markdown(inputs), terminator: "")
    }
  }
}
