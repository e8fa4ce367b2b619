// In-process timing driver for `make bench` (not shipped to users).
//
//   credit-bench read FILE [--repeat N]   reads FILE with CSVReader; prints one JSON line per run:
//                                          {"seconds":…, "rows":…, "columns":…, "bytes":…, "mb_per_s":…}
import Foundation
import Tabular

func usage() -> Never {
    FileHandle.standardError.write("usage: credit-bench read FILE [--repeat N]\n".data(using: .utf8)!)
    exit(64)
}

let args = Array(CommandLine.arguments.dropFirst())
guard args.count >= 2, args[0] == "read" else { usage() }
let file = args[1]
var repeats = 1
if args.count == 4, args[2] == "--repeat", let n = Int(args[3]), n > 0 { repeats = n } else if args.count != 2 { usage() }

let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
for _ in 0..<repeats {
    let start = DispatchTime.now().uptimeNanoseconds
    do {
        let table = try CSVReader.read(path: file)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let rate = Double(bytes) / 1e6 / seconds
        print("{\"seconds\":\(seconds),\"rows\":\(table.rowCount),\"columns\":\(table.columnNames.count),\"bytes\":\(bytes),\"mb_per_s\":\(rate)}")
    } catch {
        FileHandle.standardError.write("\(error)\n".data(using: .utf8)!)
        exit(65)
    }
}
