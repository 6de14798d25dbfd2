/* Module A of a two-module program: defines what module B uses. */
int shared_counter = 10;
static int bump(int by) { shared_counter += by; return shared_counter; }
int add_to_counter(int by) { return bump(by); }
int (*address_of_add(void))(int) { return add_to_counter; }
