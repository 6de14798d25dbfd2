define i32 @main() {
entry:
  %x = add i32 %y, 1
  %y = add i32 1, 1
  ret i32 %x
}
