import BoneSimPhysiology
import Foundation
import Testing

/// docs/MODEL.md embeds the parameter table generated from the code; this keeps them equal
/// (regenerate with tools/update_docs.sh).
@Test("docs/MODEL.md lists exactly the integrated model's parameter table")
func modelDocumentationInSync() throws {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  let doc = try String(contentsOf: root.appendingPathComponent("docs/MODEL.md"), encoding: .utf8)
  let begin = try #require(doc.range(of: "<!-- BEGIN PARAMETERS integrated -->\n"))
  let end = try #require(doc.range(of: "<!-- END PARAMETERS integrated -->"))
  #expect(String(doc[begin.upperBound..<end.lowerBound]) == IntegratedModel.parameterTable.markdown)
}
