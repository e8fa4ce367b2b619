#!/usr/bin/env python3
"""How peers treat a bin with zero bads (not a fixture; the output below is quoted in notebooks-docs/binning.md).

Run with optbinning 1.0.0 and scorecardpy 0.1.9.7 (pandas 2.2.3):  python3 Tests/CreditBinningTests/Fixtures/peer_zero_counts.py
Bins of x: [1,2) 30 good 0 bad; [2,3) 25/5; [3,4) 30/10; [4,inf) 20/20.
- optbinning gives the pure-good bin WoE 0 and IV 0 (average risk), though it is the safest bin.
- scorecardpy replaces each zero count by 0.9 and divides by the patched totals, so the zero in bin 1 moves
  the WoE of every other bin: [2,3) becomes -0.53621 instead of ln((5/35)/(25/105)) = -0.51083.
"""
from optbinning.binning.binning_statistics import BinningTable
ne = np.array([30, 25, 30, 20, 0, 0]); ev = np.array([0, 5, 10, 20, 0, 0])
bt = BinningTable("x", "numerical", [], np.array([1.5, 2.5, 3.5]), ne, ev)
print(bt.build()[["Bin", "Non-event", "Event", "WoE", "IV"]].head(4))
x = np.array([1]*30 + [2]*30 + [3]*40 + [4]*40)
y = np.array([0]*30 + [0]*25+[1]*5 + [0]*30+[1]*10 + [0]*20+[1]*20)
b = sc.woebin(pd.DataFrame({"x": x, "y": y}), y="y", breaks_list={"x": [2, 3, 4]}, print_info=False)["x"]
print(b[["bin", "good", "bad", "woe", "bin_iv"]])
print("bin [2,3) unpatched totals:", math.log((5/35)/(25/105)), "with 0.9 in the bad total:", math.log((5/35.9)/(25/105)))
