pub fn oops( {
