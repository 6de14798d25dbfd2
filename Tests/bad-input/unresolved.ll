declare i32 @no_such_function_anywhere(i32)
define i32 @main() {
  %r = call i32 @no_such_function_anywhere(i32 1)
  ret i32 %r
}
