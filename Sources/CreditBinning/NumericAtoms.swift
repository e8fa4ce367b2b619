import CreditSupport
/// The distinct regular values of a numeric column, ascending, with the goods and bads of each (the atoms the
/// fine classing groups), and the rows that are not regular: missing values and special codes. Rows with an
/// unknown target (flag −1) are left out; flag 1 is bad, any other flag good.
///
/// Built from one sort of order-preserving integer keys (no comparison sort):
/// - when a sample of the values shows few decimals, `DecimalKeys` (checked on every value) with the row's
///   bad flag as the lowest bit, all rows in one array: one radix sort of keys spanning about
///   2·(max − min)·10^d, then one run-length scan (goods before bads within a value);
/// - otherwise `RadixSort.key`: the goods' keys from the front of one buffer, the bads' from the back, each part
///   sorted, then merged.
struct NumericAtoms {
    /// Atom i's key; its value is `value(i)`.
    private(set) var keys: [UInt64] = []
    private(set) var atoms: [ClassCounts] = []
    private var decimal: DecimalKeys?
    /// Rows of the largest atom or special code.
    private(set) var mostFrequent = 0
    private(set) var goods = 0, bads = 0
    private(set) var missingGoods = 0, missingBads = 0
    private(set) var specialGoods: [Int], specialBads: [Int]

    /// Value of atom `i`.
    func value(_ i: Int) -> Double { decimal?.value(keys[i]) ?? RadixSort.value(keys[i]) }

    /// - Parameter specialGroup: value → index of the first special group naming it.
    init(values v: [Double], flags: [Int8], specialGroup: [Double: Int], specialGroups: Int) {
        specialGoods = [Int](repeating: 0, count: specialGroups); specialBads = specialGoods
        let n = v.count
        var sample: [Double] = []
        for i in 0..<n where flags[i] >= 0 && !v[i].isNaN && (specialGroup.isEmpty || specialGroup[v[i]] == nil) {
            sample.append(v[i])
            if sample.count == 256 { break }
        }
        var specialCounts: [Double: Int] = [:]
        var buffer = [UInt64](unsafeUninitializedCapacity: n) { _, count in count = n }   // every slot read is written first
        var scratch: [UInt64] = []
        // All rows' classes, and the missing and special rows (the same for both key kinds).
        let hasSpecials = !specialGroup.isEmpty
        var allBads = 0, known = 0, nanBads = 0, nan = 0
        v.withUnsafeBufferPointer { v in
            flags.withUnsafeBufferPointer { f in
                for i in 0..<n where f[i] >= 0 {
                    let x = v[i], bad = f[i] == 1 ? 1 : 0
                    known &+= 1; allBads &+= bad
                    if x.isNaN { nan &+= 1; nanBads &+= bad; continue }
                    if hasSpecials, let g = specialGroup[x] {
                        if bad == 1 { specialBads[g] += 1 } else { specialGoods[g] += 1 }
                        specialCounts[x, default: 0] += 1
                    }
                }
            }
        }
        bads = allBads; goods = known - allBads; missingBads = nanBads; missingGoods = nan - nanBads
        mostFrequent = specialCounts.values.max() ?? 0
        @inline(__always) func regular(_ f: Int8, _ x: Double) -> Bool {
            f >= 0 && !x.isNaN && !(hasSpecials && specialGroup[x] != nil)
        }

        if let d = DecimalKeys(sample: sample) {
            var used = 0, inexact = false
            buffer.withUnsafeMutableBufferPointer { k in
                v.withUnsafeBufferPointer { v in
                    flags.withUnsafeBufferPointer { f in
                        for i in 0..<n where regular(f[i], v[i]) {
                            let (key, exact) = d.key(v[i])
                            if !exact { inexact = true }
                            k[used] = key &<< 1 | (f[i] == 1 ? 1 : 0)
                            used &+= 1
                        }
                    }
                }
            }
            if !inexact {
                decimal = d
                scratch = [UInt64](unsafeUninitializedCapacity: used) { _, count in count = used }
                buffer.withUnsafeMutableBufferPointer { k in
                    scratch.withUnsafeMutableBufferPointer { t in
                        RadixSort.sort(keys: UnsafeMutableBufferPointer(rebasing: k[0..<used]), scratch: t)
                    }
                }
                scratch = []
                runs(sorted: &buffer, count: used)
                return
            }
        }
        var goodEnd = 0, badStart = n
        buffer.withUnsafeMutableBufferPointer { k in
            v.withUnsafeBufferPointer { v in
                flags.withUnsafeBufferPointer { f in
                    for i in 0..<n where regular(f[i], v[i]) {
                        if f[i] == 1 { badStart &-= 1; k[badStart] = RadixSort.key(v[i]) } else { k[goodEnd] = RadixSort.key(v[i]); goodEnd &+= 1 }
                    }
                }
            }
            let m = max(goodEnd, n - badStart)
            if scratch.count < m { scratch = [UInt64](unsafeUninitializedCapacity: m) { _, count in count = m } }
            scratch.withUnsafeMutableBufferPointer { t in
                RadixSort.sort(keys: UnsafeMutableBufferPointer(rebasing: k[0..<goodEnd]), scratch: t)
                RadixSort.sort(keys: UnsafeMutableBufferPointer(rebasing: k[badStart..<n]), scratch: t)
            }
        }
        merge(buffer, goodEnd: goodEnd, badStart: badStart)
    }

    /// Atoms from sorted keys `value key << 1 | bad` in `buffer[0..<used]`; the atoms' keys are written over the
    /// front of `buffer` (an atom's key goes to an index no later than its first row's) and then become `keys`.
    private mutating func runs(sorted buffer: inout [UInt64], count used: Int) {
        var count = 0
        let atoms = [ClassCounts](unsafeUninitializedCapacity: used) { at, initialized in
            var largest = mostFrequent
            buffer.withUnsafeMutableBufferPointer { k in
                var i = 0
                while i < used {
                    let x = k[i] &>> 1, start = i
                    var runBads = 0
                    while i < used && k[i] &>> 1 == x { runBads &+= Int(k[i] & 1); i &+= 1 }
                    k[count] = x
                    (at.baseAddress! + count).initialize(to: ClassCounts(goods: Double(i &- start &- runBads), bads: Double(runBads)))
                    largest = max(largest, i &- start)
                    count &+= 1
                }
            }
            initialized = count
            mostFrequent = largest
        }
        buffer.removeLast(buffer.count - count)
        keys = buffer; buffer = []
        self.atoms = atoms
    }

    /// Atoms from the goods' sorted keys in `buffer[0..<goodEnd]` and the bads' in `buffer[badStart...]`.
    private mutating func merge(_ buffer: [UInt64], goodEnd: Int, badStart: Int) {
        let n = buffer.count
        var keys: [UInt64] = [], atoms: [ClassCounts] = []
        keys.reserveCapacity(n - badStart + goodEnd); atoms.reserveCapacity(n - badStart + goodEnd)
        var largest = mostFrequent
        buffer.withUnsafeBufferPointer { k in
            var gi = 0, bi = badStart
            while gi < goodEnd || bi < n {
                let x = bi == n || (gi < goodEnd && k[gi] <= k[bi]) ? k[gi] : k[bi]
                let g0 = gi, b0 = bi
                while gi < goodEnd && k[gi] == x { gi &+= 1 }
                while bi < n && k[bi] == x { bi &+= 1 }
                keys.append(x)
                atoms.append(ClassCounts(goods: Double(gi &- g0), bads: Double(bi &- b0)))
                largest = max(largest, gi &- g0 &+ bi &- b0)
            }
        }
        self.keys = keys; self.atoms = atoms; mostFrequent = largest
    }
}

