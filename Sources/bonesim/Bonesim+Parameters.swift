import ArgumentParser
import BoneSim
import BoneSimIO
import BoneSimPhysiology

extension Bonesim {
  struct Parameters: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a model's parameter table (value, unit, symbol, source, provenance).",
      discussion: "Models: integrated (default), lemaire2004, pivonka2008, scheiner2013. "
        + "docs/MODEL.md embeds this output; the tables in the Swift sources are the only copy of each number.")

    @Argument(help: "integrated, lemaire2004, pivonka2008 or scheiner2013.")
    var model: String = "integrated"

    @Option(help: "markdown or csv.")
    var format: String = "markdown"

    func validate() throws {
      guard ["integrated", "lemaire2004", "pivonka2008", "scheiner2013"].contains(model) else {
        throw ValidationError("unknown model '\(model)'; expected integrated, lemaire2004, pivonka2008 or scheiner2013")
      }
      guard ["markdown", "csv"].contains(format) else {
        throw ValidationError("unknown format '\(format)'; expected markdown or csv")
      }
    }

    func run() {
      let table: ParameterTable
      switch model {
      case "lemaire2004": table = Lemaire2004.parameterTable
      case "pivonka2008": table = Pivonka2008.parameterTable
      case "scheiner2013": table = Scheiner2013.parameterTable
      default: table = IntegratedModel.parameterTable
      }
      print(format == "csv" ? table.csvRows.map(CSVFormat.quotedLine).joined() : table.markdown, terminator: "")
    }
  }
}
