class C0(B0):
 class C1(B1):
  class C2(B2):
   class C3(B3):
    class C4(B4):
     class C5(B5):
      x: T = y
